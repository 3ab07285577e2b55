package chat.mz.ui.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.EventStream;
import chat.mz.client.connection.ConnectionState;
import chat.mz.testing.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionStatusViewModelTest {
    private static final URI ADDRESS = URI.create("ws://127.0.0.1:41234");

    private final FakeClock time = new FakeClock();
    private final EventStream<ConnectionState> states = new EventStream<>();
    private final ConnectionStatusViewModel status = new ConnectionStatusViewModel(Runnable::run, time);

    @Test
    void showsConnectingBeforeAnythingHappens() {
        assertEquals("Connecting…", status.textProperty().get());
        assertEquals(StatusTone.PROGRESS, status.toneProperty().get());
        assertEquals("", status.homeserverProperty().get());
    }

    @Test
    void saysTheEmbeddedHomeserverIsStarting() {
        status.startingHomeserver();

        assertEquals("Starting the homeserver…", status.textProperty().get());
        assertEquals(StatusTone.PROGRESS, status.toneProperty().get());
        assertEquals("Embedded homeserver", status.homeserverProperty().get());
    }

    @Test
    void namesTheEmbeddedHomeserverAndItsAddress() {
        status.follow(ADDRESS, true, states);

        assertEquals("Embedded homeserver · ws://127.0.0.1:41234", status.homeserverProperty().get());
    }

    @Test
    void namesAConfiguredHomeserverWithoutCallingItEmbedded() {
        status.follow(URI.create("ws://chat.example.org:8750"), false, states);

        assertEquals("Homeserver · ws://chat.example.org:8750", status.homeserverProperty().get());
    }

    @Test
    void followsTheConnectionFromConnectingToConnected() {
        status.follow(ADDRESS, true, states);

        states.publish(new ConnectionState.Connecting(1));
        assertEquals("Connecting…", status.textProperty().get());
        assertEquals(StatusTone.PROGRESS, status.toneProperty().get());

        states.publish(new ConnectionState.Connected());
        assertEquals("Connected", status.textProperty().get());
        assertEquals(StatusTone.SUCCESS, status.toneProperty().get());
        assertEquals("", status.detailProperty().get());
    }

    @Test
    void countsDownToTheNextAttemptWhenDisconnected() {
        status.follow(ADDRESS, true, states);
        states.publish(new ConnectionState.Connected());

        states.publish(new ConnectionState.Disconnected("Connection refused", time.instant().plusSeconds(7)));
        assertEquals("Disconnected — retrying in 7 s", status.textProperty().get());
        assertEquals(StatusTone.WARNING, status.toneProperty().get());
        assertEquals("Last error: Connection refused", status.detailProperty().get());
        assertTrue(status.countingDownProperty().get());

        time.advance(Duration.ofSeconds(1));
        status.tick();
        assertEquals("Disconnected — retrying in 6 s", status.textProperty().get());

        // part of a second left still reads as a whole one, never "in 0 s"
        time.advance(Duration.ofMillis(5_500));
        status.tick();
        assertEquals("Disconnected — retrying in 1 s", status.textProperty().get());

        time.advance(Duration.ofMillis(500));
        status.tick();
        assertEquals("Disconnected — retrying now", status.textProperty().get());
    }

    @Test
    void stopsCountingDownOnceTheNextAttemptStarts() {
        status.follow(ADDRESS, true, states);
        states.publish(new ConnectionState.Disconnected("lost", time.instant().plusSeconds(3)));

        states.publish(new ConnectionState.Connecting(2));
        time.advance(Duration.ofSeconds(1));
        status.tick();

        assertEquals("Connecting…", status.textProperty().get());
        assertFalse(status.countingDownProperty().get());
        assertEquals("Attempt 2 to reach the homeserver.", status.detailProperty().get());
    }

    @Test
    void saysDisconnectedWithoutACountdownWhenNoRetryIsScheduled() {
        status.follow(ADDRESS, true, states);

        states.publish(new ConnectionState.Disconnected("Not started", null));

        assertEquals("Disconnected", status.textProperty().get());
        assertEquals(StatusTone.WARNING, status.toneProperty().get());
        assertFalse(status.countingDownProperty().get());
    }

    @Test
    void aClosedConnectionIsShownAsDisconnectedCalmly() {
        status.follow(ADDRESS, true, states);
        states.publish(new ConnectionState.Connected());

        states.publish(new ConnectionState.Closed());

        assertEquals("Disconnected", status.textProperty().get());
        assertEquals(StatusTone.NEUTRAL, status.toneProperty().get());
    }

    @Test
    void explainsInPlainWordsWhenTheHomeserverCannotStart() {
        status.startingHomeserver();

        status.homeserverFailed("Address already in use");

        assertEquals("Could not start the homeserver: Address already in use", status.textProperty().get());
        assertEquals(StatusTone.DANGER, status.toneProperty().get());
        assertFalse(status.detailProperty().get().isEmpty());
    }

    @Test
    void explainsInPlainWordsWhenTheConfiguredHomeserverCannotBeTried() {
        status.connectionFailed("unknown scheme: ftp");

        assertEquals("Could not connect to the homeserver: unknown scheme: ftp", status.textProperty().get());
        assertEquals(StatusTone.DANGER, status.toneProperty().get());
    }

    @Test
    void ignoresTheConnectionOnceClosed() {
        status.follow(ADDRESS, true, states);
        states.publish(new ConnectionState.Connected());

        status.close();
        states.publish(new ConnectionState.Disconnected("lost", time.instant().plusSeconds(5)));

        assertEquals("Connected", status.textProperty().get());
    }

    @Test
    void followsNoConnectionMadeAfterItWasClosed() {
        status.close();

        status.follow(ADDRESS, true, states);
        states.publish(new ConnectionState.Connected());

        assertEquals("Connecting…", status.textProperty().get());
        assertEquals("", status.homeserverProperty().get());
    }

    @Test
    void changesItsPropertiesOnlyOnTheUiThread() {
        List<Runnable> uiQueue = new ArrayList<>();
        ConnectionStatusViewModel queued = new ConnectionStatusViewModel(uiQueue::add, time);
        queued.follow(ADDRESS, true, states);

        states.publish(new ConnectionState.Connected());
        assertEquals("Connecting…", queued.textProperty().get());

        uiQueue.forEach(Runnable::run);
        assertEquals("Connected", queued.textProperty().get());
    }

    @Test
    void aRevokedDeviceSaysSoInsteadOfConnectedAndKeepsSaying() {
        status.follow(ADDRESS, true, states);
        states.publish(new ConnectionState.Connected());

        status.deviceRevoked();

        assertEquals("This device was revoked. Link it again to use it.", status.textProperty().get());
        assertEquals(StatusTone.DANGER, status.toneProperty().get());
        assertFalse(status.detailProperty().get().isEmpty());
        // the homeserver hangs up on a revoked device, and a new connection does not undo the revocation
        states.publish(new ConnectionState.Disconnected("This device was revoked.", null));
        assertEquals("This device was revoked. Link it again to use it.", status.textProperty().get());
        states.publish(new ConnectionState.Connected());
        status.loggedIn();
        assertEquals("This device was revoked. Link it again to use it.", status.textProperty().get());
        assertEquals(StatusTone.DANGER, status.toneProperty().get());
    }

    @Test
    void anotherRefusalIsShownWhileThatConnectionLasts() {
        status.follow(ADDRESS, true, states);
        states.publish(new ConnectionState.Connected());

        status.loginRefused("This certificate is not on the account's device list. Link the device again.");

        assertEquals("Connected, but the homeserver refused this device: This certificate is not on the account's "
                + "device list. Link the device again.", status.textProperty().get());
        assertEquals(StatusTone.DANGER, status.toneProperty().get());

        // the next connection logs in afresh, and this time it works
        states.publish(new ConnectionState.Disconnected("lost", time.instant().plusSeconds(1)));
        assertTrue(status.textProperty().get().startsWith("Disconnected"), status.textProperty().get());
        states.publish(new ConnectionState.Connected());
        status.loggedIn();
        assertEquals("Connected", status.textProperty().get());
        assertEquals(StatusTone.SUCCESS, status.toneProperty().get());
    }

    @Test
    void aLoginThatWorksAfterARefusalClearsIt() {
        status.follow(ADDRESS, true, states);
        states.publish(new ConnectionState.Connected());
        status.loginRefused("");
        assertEquals("Connected, but the homeserver refused this device: no reason given.",
                status.textProperty().get());

        status.loggedIn();

        assertEquals("Connected", status.textProperty().get());
    }
}
