package chat.mz.app;

import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.server.Homeserver;
import chat.mz.ui.status.ConnectionStatusViewModel;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop's one link to a homeserver: the embedded homeserver (when the account lives on "this
 * computer"), the connection, and the tracker of its {@code ServerHello}s, made before the connection
 * starts so that no hello passes by unseen. Not thread-safe: {@link DesktopServices} uses it on its
 * worker thread only.
 */
final class HomeserverLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HomeserverLink.class);
    /** Longer than the server's longest mailbox wait, so a waiting call is never cut short. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /** Why there is no connection, in a sentence a person understands. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Supplier<Homeserver> embeddedHomeserver;
    private Optional<URI> target;
    private Homeserver embedded;
    private HomeserverConnection connection;
    private ServerHelloTracker hellos;

    HomeserverLink(Supplier<Homeserver> embeddedHomeserver) {
        this.embeddedHomeserver = Objects.requireNonNull(embeddedHomeserver, "embeddedHomeserver");
    }

    /**
     * Connects to {@code configured}, or to the embedded homeserver (started here) when it is empty;
     * keeps the current link if it already goes there. Progress and failures show on {@code status}.
     *
     * @throws Unavailable when the embedded homeserver cannot start or the address cannot be used
     */
    HomeserverConnection open(Optional<URI> configured, ConnectionStatusViewModel status) {
        if (connection != null && configured.equals(target)) {
            return connection;
        }
        close();
        URI uri;
        if (configured.isPresent()) {
            uri = configured.get();
        } else {
            status.startingHomeserver();
            try {
                embedded = embeddedHomeserver.get();
            } catch (RuntimeException e) {
                LOG.error("The embedded homeserver could not start", e);
                String reason = DesktopServices.plainReason(e);
                status.homeserverFailed(reason);
                throw new Unavailable("Could not start the homeserver: " + reason, e);
            }
            uri = embedded.uri();
        }
        try {
            connection = new HomeserverConnection(uri, Clock.systemUTC(), Backoff.standard(new SecureRandom()),
                    CALL_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.error("Cannot connect to the homeserver {}", uri, e);
            String reason = DesktopServices.plainReason(e);
            status.connectionFailed(reason);
            close();
            throw new Unavailable("Cannot connect to " + uri + ": " + reason, e);
        }
        target = configured;
        hellos = new ServerHelloTracker(connection);
        // follow before starting, so the first "Connecting" is not missed
        status.follow(uri, embedded != null, connection.states());
        connection.start();
        return connection;
    }

    Optional<HomeserverConnection> connection() {
        return Optional.ofNullable(connection);
    }

    /** The current socket's hellos; only while {@link #connection()} is present. */
    ServerHelloTracker hellos() {
        return Objects.requireNonNull(hellos, "not connected");
    }

    @Override
    public void close() {
        if (hellos != null) {
            hellos.close();
            hellos = null;
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
        target = null;
    }
}
