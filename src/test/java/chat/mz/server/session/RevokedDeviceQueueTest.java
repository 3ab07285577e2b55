package chat.mz.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.Methods;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.server.store.ServerDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A revoked device gets nothing more, and dropping its queue takes what it had. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RevokedDeviceQueueTest {
    @TempDir
    Path data;

    private ChatWorld world;
    private ChatUser ada;
    private ChatUser bob;
    private ChatClient adaDesk;
    private ChatClient bobDesk;
    private String session;

    @BeforeEach
    void setUp() throws Exception {
        world = new ChatWorld(data);
        ada = world.register("ada");
        world.addDevice(ada);
        bob = world.register("bob");
        adaDesk = world.login(ada, 0);
        bobDesk = world.login(bob, 0);
        session = bobDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", false, List.of(ada.userId())))
                .sessionId();
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void aRevokedDeviceIsLeftOutOfTheFanOut() throws Exception {
        bobDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "before"));
        adaDesk.call(Methods.REVOKE_DEVICE, ada.revoke(1));
        bobDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "after"));
        assertEquals(3, Events.timeline(adaDesk.drain()).size(), "the current device gets everything");

        world.stop();

        assertEquals(List.of(), queuedSeqs(ada.device(1).id()),
                "revoking drops what was queued for the device, and nothing later is queued for it");
    }

    @Test
    void droppingTheQueueOfARevokedDeviceTakesEverythingInIt() throws Exception {
        bobDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "hello"));
        adaDesk.call(Methods.REVOKE_DEVICE, ada.revoke(1));

        world.server().sessions().deviceRevoked(ada.userId(), ada.device(1).id());

        assertEquals(2, adaDesk.fetch(List.of()).size(), "other devices keep theirs");
        world.stop();
        assertEquals(List.of(), queuedSeqs(ada.device(1).id()));
    }

    @Test
    void droppingAQueueLeavesTheOtherDevicesAlone() throws Exception {
        bobDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "hello"));

        world.server().sessions().deviceRevoked(ada.userId(), ada.device(1).id());

        assertTrue(world.login(ada, 1).fetch(List.of()).isEmpty());
        assertEquals(2, adaDesk.fetch(List.of()).size(), "other devices keep theirs");
    }

    private List<Long> queuedSeqs(String deviceId) throws Exception {
        try (ServerDatabase database = ServerDatabase.open(data, Clock.systemUTC());
             Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT seq FROM device_queue WHERE device_id = ? ORDER BY queue_id")) {
            select.setString(1, deviceId);
            List<Long> seqs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                }
            }
            return seqs;
        }
    }
}
