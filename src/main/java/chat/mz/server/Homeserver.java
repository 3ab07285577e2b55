package chat.mz.server;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.JsonCodec;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcError;
import chat.mz.protocol.RpcMessage;
import chat.mz.protocol.ServerHello;
import chat.mz.server.account.AccountService;
import chat.mz.server.account.WebSocketDeviceChannel;
import chat.mz.server.mailbox.InMemoryMailboxStore;
import chat.mz.server.mailbox.MailboxService;
import chat.mz.server.rpc.ConnectionContext;
import chat.mz.server.rpc.Dispatcher;
import chat.mz.server.session.SessionService;
import chat.mz.server.store.DurableCommits;
import chat.mz.server.store.H2AccountStore;
import chat.mz.server.store.H2QueueStore;
import chat.mz.server.store.H2RoomKeyStore;
import chat.mz.server.store.H2SessionStore;
import chat.mz.server.store.ServerDatabase;
import chat.mz.server.store.StoreException;
import chat.mz.server.store.StoreExecutor;
import com.fasterxml.jackson.databind.node.NullNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mzchat homeserver: JSON-RPC 2.0 over WebSocket text frames. It runs standalone
 * ({@code mzchat server}) or embedded in the desktop app on loopback.
 */
public final class Homeserver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Homeserver.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
    private static final Duration WRITE_GUARD_PERIOD = Duration.ofMillis(10);
    private static final int CHALLENGE_BYTES = 32;

    private final ServerConfig config;
    private final JsonCodec codec = new JsonCodec();
    private final Dispatcher dispatcher = new Dispatcher(codec);
    private final MailboxService mailbox;
    private final InMemoryMailboxStore mailboxStore;
    private final ServerDatabase database;
    private final DurableCommits durableCommits;
    private final StoreExecutor storeExecutor;
    private final AccountService accounts;
    private final SessionService sessions;
    private final Socket socket;
    private final String version;
    private final SecureRandom random = new SecureRandom();
    private final Runnable releaseScheduler;
    private WriteStallGuard writeGuard;

    private Homeserver(ServerConfig config, Clock clock, Scheduler scheduler, Runnable releaseScheduler,
                       String version) {
        this.config = config;
        this.version = version;
        this.releaseScheduler = releaseScheduler;
        this.mailboxStore = new InMemoryMailboxStore(config.mailboxTtl(), config.maxMailboxSessions(),
                config.maxMailboxBytes());
        this.mailbox = new MailboxService(mailboxStore, clock, scheduler, config.mailboxWait(),
                config.maxSessionsPerConnection(), config.maxWaitsPerConnection());
        mailbox.register(dispatcher);
        try {
            this.database = ServerDatabase.open(config.dataDir(), clock);
        } catch (StoreException e) {
            throw new ServerStartException(e.getMessage(), e);
        }
        this.durableCommits = DurableCommits.of(database);
        this.storeExecutor = StoreExecutor.standard(durableCommits);
        this.sessions = new SessionService(new H2SessionStore(database), new H2RoomKeyStore(database),
                new H2QueueStore(database), storeExecutor, clock, scheduler, random);
        this.accounts = new AccountService(new H2AccountStore(database), storeExecutor, clock, this::serverName,
                sessions::deviceRevoked);
        accounts.register(dispatcher);
        sessions.register(dispatcher);
        this.socket = new Socket(new InetSocketAddress(config.host(), config.port()), config.maxFrameBytes());
    }

    /** Starts a server with the real clock and its own timer thread, and waits until it listens. */
    public static Homeserver start(ServerConfig config, String version) {
        ExecutorScheduler scheduler = new ExecutorScheduler("mzchat-server-timers");
        try {
            return start(config, Clock.systemUTC(), scheduler, scheduler::close, version);
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
    }

    /** Starts a server on the given clock and scheduler and waits until it listens. */
    public static Homeserver start(ServerConfig config, Clock clock, Scheduler scheduler, Runnable onClose,
                                   String version) {
        Homeserver server = new Homeserver(config, clock, scheduler, onClose, version);
        server.socket.start();
        try {
            server.socket.started.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            server.close();
            throw new ServerStartException("The homeserver could not listen on " + config.host() + ":"
                    + config.port() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            server.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ServerStartException("The homeserver did not start in time", e);
        }
        server.mailbox.startSweeping(SWEEP_INTERVAL);
        server.writeGuard = new WriteStallGuard(server.socket, WRITE_GUARD_PERIOD);
        LOG.info("Homeserver {} listening on {}", version, server.uri());
        return server;
    }

    /** The address clients connect to, e.g. {@code ws://127.0.0.1:8750}. */
    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("ws://" + host + ":" + port());
    }

    /** The name devices sign into their login proofs: the configured public name, else host:port. */
    public String serverName() {
        return config.publicName() != null ? config.publicName() : uri().getAuthority();
    }

    public int port() {
        return socket.getPort();
    }

    public int connectionCount() {
        return socket.getConnections().size();
    }

    /** The mailbox's store, for gauges (sessions and bytes held). */
    public InMemoryMailboxStore mailboxStore() {
        return mailboxStore;
    }

    /** The account service, for gauges and tests (connections logged in per device). */
    public AccountService accounts() {
        return accounts;
    }

    /** The conversation service, for gauges and tests (devices with a waiting fetch). */
    public SessionService sessions() {
        return sessions;
    }

    @Override
    public void close() {
        mailbox.stop();
        if (writeGuard != null) {
            writeGuard.close();
        }
        try {
            socket.stop(1000, "The homeserver is shutting down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // after the socket: no request can reach the database any more; writes still awaited
            // finish before the database closes
            storeExecutor.close();
            durableCommits.close();
            database.close();
            releaseScheduler.run();
        }
        LOG.info("Homeserver stopped");
    }

    private final class Socket extends WebSocketServer {
        final CompletableFuture<Void> started = new CompletableFuture<>();
        private final AtomicLong connectionIds = new AtomicLong();

        Socket(InetSocketAddress address, int maxFrameBytes) {
            super(address, Math.max(2, Runtime.getRuntime().availableProcessors()),
                    List.of(new Draft_6455(Collections.emptyList(), List.of(new Protocol("")), maxFrameBytes)));
            setReuseAddr(true);
            setTcpNoDelay(true);
            setConnectionLostTimeout(30);
            setDaemon(true);
        }

        @Override
        public void onStart() {
            started.complete(null);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            byte[] challenge = new byte[CHALLENGE_BYTES];
            random.nextBytes(challenge);
            ConnectionContext context = new ConnectionContext(connectionIds.incrementAndGet(), challenge);
            conn.setAttachment(context);
            accounts.attach(context, new WebSocketDeviceChannel(conn, codec));
            LOG.debug("Connection {} opened", context.id());
            ServerHello hello = new ServerHello("mzchat-homeserver", version, config.maxFrameBytes(),
                    config.mailboxWait().toMillis(), serverName(), challenge);
            send(conn, codec.encode(new RpcMessage.Notification(Methods.SERVER_HELLO.name(), codec.toTree(hello))));
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            ConnectionContext context = conn.getAttachment();
            dispatcher.handle(context, message, reply -> send(conn, reply));
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            send(conn, codec.encode(new RpcMessage.ErrorResponse(NullNode.getInstance(), new RpcError(
                    ErrorCode.INVALID_REQUEST.code(), "Binary frames are not supported: send JSON text.", null))));
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            ConnectionContext context = conn.getAttachment();
            if (context != null) {
                LOG.debug("Connection {} closed ({})", context.id(), code);
                context.close();
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                if (!started.completeExceptionally(ex)) {
                    LOG.error("The homeserver's socket failed", ex);
                }
                return;
            }
            ConnectionContext context = conn.getAttachment();
            LOG.debug("Connection {} failed: {}", context == null ? "?" : context.id(), ex.toString());
        }

        private void send(WebSocket conn, String text) {
            try {
                conn.send(text);
            } catch (WebsocketNotConnectedException e) {
                LOG.debug("An answer was dropped: its connection had closed");
            }
        }
    }
}
