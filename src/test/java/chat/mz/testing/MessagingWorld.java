package chat.mz.testing;

import chat.mz.client.Subscription;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.devices.DeviceAdding;
import chat.mz.client.devices.DeviceJoining;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.messaging.ContactBook;
import chat.mz.client.messaging.Me;
import chat.mz.client.messaging.Messenger;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.history.History;
import chat.mz.server.ExecutorScheduler;
import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Everything real for conversation tests: a homeserver with its H2 file in a test folder, and users
 * each with a registered account (real keys, a real keystore with cheap Argon2), a connection that
 * stays logged in, an encrypted history file and a {@link Messenger} — wired the way the desktop
 * app wires them. Users can be restarted from their files, and so can the homeserver.
 */
public final class MessagingWorld implements AutoCloseable {
    /** The smallest Argon2 the keystore accepts: sealing is still real, only cheap. */
    public static final Argon2Params CHEAP = new Argon2Params(8, 1, 1);
    public static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    private final Path root;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService linking = Executors.newScheduledThreadPool(2);
    private final List<User> users = new ArrayList<>();
    private final Clock serverClock;
    private Homeserver server;

    public MessagingWorld(Path root) {
        this(root, Clock.systemUTC());
    }

    /** A world whose homeserver tells time by {@code serverClock} (a fake one, to age room keys). */
    public MessagingWorld(Path root, Clock serverClock) {
        this.root = root;
        this.serverClock = serverClock;
        startServer(0);
    }

    public Homeserver server() {
        return server;
    }

    /** Stops the homeserver and starts it again on the same port and data folder. */
    public void restartServer() {
        int port = server.port();
        server.close();
        startServer(port);
    }

    private void startServer(int port) {
        ExecutorScheduler scheduler = new ExecutorScheduler("test-timers");
        server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", port)
                .withDataDir(root.resolve("server")), serverClock, scheduler, scheduler::close, "test");
    }

    /**
     * Links a new device to {@code owner}'s account the way a phone is linked (a real link through
     * the homeserver's mailbox, approved on {@code owner}), gives it its own folder, history and
     * messenger, and brings it online.
     */
    public User linkDevice(User owner, String deviceName) throws Exception {
        Path data = root.resolve("users").resolve(owner.username() + "-" + deviceName.replaceAll("[^A-Za-z0-9]", "-"));
        DeviceAdding adding = new DeviceAdding(owner.connection(), owner.identity(), Clock.systemUTC(), random, linking);
        LinkInvitation invitation = LinkInvitation.parse(adding.start().toCompletableFuture().get(30, TimeUnit.SECONDS).url());
        Online online = connect();
        DeviceJoining joining = new DeviceJoining(online.connection(), online.hellos(), DeviceKeyGenerator.standard(),
                Clock.systemUTC(), random, linking);
        joining.start(invitation, deviceName, "linux").toCompletableFuture().get(30, TimeUnit.SECONDS);
        java.util.concurrent.CompletableFuture<DeviceJoining.Joined> joined = joining.joined(
                new LinkedIdentityStore(new LocalIdentity(data), CHEAP, random), PASSPHRASE, Duration.ofSeconds(20));
        adding.approval().toCompletableFuture().get(30, TimeUnit.SECONDS).approve();
        adding.added().toCompletableFuture().get(30, TimeUnit.SECONDS);
        UnlockedIdentity identity = joined.get(30, TimeUnit.SECONDS).identity();
        // the link logged in on its own connection; the device starts afresh, as an app does after linking
        online.hellos().close();
        online.connection().close();
        User user = new User(data, identity, connect());
        users.add(user);
        return user;
    }

    /** Registers a new account on its own folder and brings it online. */
    public User register(String username) throws Exception {
        Path data = root.resolve("users").resolve(username);
        Online online = connect();
        HomeserverConnection connection = online.connection();
        UnlockedIdentity identity = new AccountCreator(new LocalIdentity(data), CHEAP, random, Clock.systemUTC(),
                worker).create(connection, AccountCreator.Request.of(username, username + "'s desktop"), PASSPHRASE)
                .get(30, TimeUnit.SECONDS);
        User user = new User(data, identity, online);
        users.add(user);
        return user;
    }

    /** A connection and the tracker of its hellos, made before it starts so that no hello is missed. */
    private record Online(HomeserverConnection connection, ServerHelloTracker hellos) {
    }

    private Online connect() throws InterruptedException {
        return LiveConnections.open(server.uri(), connection -> new Online(connection, new ServerHelloTracker(connection)));
    }

    @Override
    public void close() throws Exception {
        for (User user : users) {
            user.close();
        }
        server.close();
        worker.shutdownNow();
        linking.shutdownNow();
    }

    /** Polls until the condition holds, failing after {@code seconds}. */
    public static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(25);
        }
    }

    /** One user's desktop: account, history, messenger. */
    public final class User implements AutoCloseable {
        private final Path data;
        private UnlockedIdentity identity;
        private HomeserverConnection connection;
        private ServerHelloTracker hellos;
        private History history;
        private Messenger messenger;
        private ContactBook contacts;
        private Subscription loggedIn;
        private volatile java.util.concurrent.CompletableFuture<Void> firstLogin =
                new java.util.concurrent.CompletableFuture<>();
        /** Every event the messenger announced since the last (re)start. */
        public final LinkedBlockingQueue<MessengerEvent> events = new LinkedBlockingQueue<>();

        private User(Path data, UnlockedIdentity identity, Online online) {
            this.data = data;
            start(identity, online, true);
        }

        private void start(UnlockedIdentity unlocked, Online link, boolean online) {
            HomeserverConnection open = link.connection();
            this.identity = unlocked;
            this.connection = open;
            this.hellos = link.hellos();
            byte[] key = unlocked.historyKey();
            try {
                history = History.open(data.resolve("history"), key, Clock.systemUTC());
            } finally {
                Bytes.wipe(key);
            }
            Me me = new Me(unlocked.userId(), unlocked.deviceId(), unlocked.username());
            messenger = new Messenger(open, history, me, unlocked, Clock.systemUTC(), random);
            messenger.events().subscribe(events::add);
            contacts = new ContactBook(new DeviceDirectory(open, Clock.systemUTC()), history, me,
                    unlocked.rootPublicKey(), worker, Clock.systemUTC(), messenger::tellOtherDevices);
            if (online) {
                goOnline();
            }
        }

        /** Logs in now and after every reconnect, telling the messenger each time; returns once logged in. */
        public void goOnline() {
            java.util.concurrent.CompletableFuture<Void> first = new java.util.concurrent.CompletableFuture<>();
            firstLogin = first;
            loggedIn = new DeviceLogin(connection, hellos).keepLoggedIn(identity, outcome -> {
                if (outcome.loggedIn()) {
                    messenger.loggedIn();
                    first.complete(null);
                }
            });
            try {
                first.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(username() + " could not log in", e);
            }
        }

        public String userId() {
            return identity.userId();
        }

        public String username() {
            return identity.username();
        }

        public UnlockedIdentity identity() {
            return identity;
        }

        public HomeserverConnection connection() {
            return connection;
        }

        public History history() {
            return history;
        }

        public Messenger messenger() {
            return messenger;
        }

        public ContactBook contacts() {
            return contacts;
        }

        public Path data() {
            return data;
        }

        /** Closes everything, as quitting the app does, and opens it all again from the files. */
        public void restart() throws Exception {
            restart(true);
        }

        /** As {@link #restart()}; {@code online} false leaves it logged out until {@link #goOnline()}. */
        public void restart(boolean online) throws Exception {
            close();
            events.clear();
            UnlockedIdentity unlocked = new LocalIdentity(data).unlock(PASSPHRASE);
            start(unlocked, connect(), online);
        }

        @Override
        public void close() {
            if (loggedIn != null) {
                loggedIn.close();
                loggedIn = null;
            }
            messenger.close();
            hellos.close();
            connection.close();
            history.close();
            identity.close();
        }
    }
}
