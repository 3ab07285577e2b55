package chat.mz.server.session;

import static chat.mz.server.session.RoomKeyFixtures.keyFor;
import static chat.mz.server.session.RoomKeyFixtures.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendMessageResult;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.SessionSettingsParams;
import chat.mz.protocol.session.SessionUserParams;
import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Room key state, encrypted entries and room key items survive a homeserver restart. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomKeyRestartTest {
    @TempDir
    Path data;

    private final FakeClock clock = new FakeClock(Instant.now());
    private ChatWorld world;

    @BeforeEach
    void setUp() {
        world = new ChatWorld(data, clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void everythingAboutRoomKeysIsThereAfterARestart() throws Exception {
        ChatUser ada = world.register("ada");
        ChatUser bob = world.register("bob");
        ChatUser cyd = world.register("cyd");
        ChatClient adaDesk = world.login(ada, 0);
        ChatClient cydDesk = world.login(cyd, 0);
        String session = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", true,
                List.of(bob.userId()))).sessionId();
        RoomKeyFixtures.rekey(adaDesk, session);
        adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, 3600L, true));
        SendMessageParams message = sealed(session, 1);
        SendMessageResult sent = adaDesk.call(Methods.SEND_MESSAGE, message);
        cydDesk.call(Methods.JOIN_SESSION, new SessionRef(session));
        adaDesk.call(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(session, cyd.userId(),
                List.of(keyFor(cyd, 0))));
        adaDesk.call(Methods.REMOVE_USER_FROM_SESSION, new SessionUserParams(session, cyd.userId()));
        adaDesk.drain();
        adaDesk.refused(Methods.SEND_MESSAGE, sealed(session, 1), ErrorCode.ROOM_KEY_REPLACEMENT_DUE);
        // nobody acknowledges anything from here on
        List<QueuedEvent> bobBefore = world.login(bob, 0).fetch(List.of());
        List<QueuedEvent> cydBefore = cydDesk.fetch(List.of());
        List<QueuedEvent> adaBefore = adaDesk.fetch(List.of());
        SessionInfo infoBefore = adaDesk.call(Methods.GET_SESSION, new SessionRef(session));

        world.restart();

        ChatClient adaAgain = world.login(ada, 0);
        assertEquals(infoBefore, adaAgain.call(Methods.GET_SESSION, new SessionRef(session)));
        assertEquals(1, infoBefore.keyEpoch());
        assertTrue(infoBefore.rekeyNeeded());
        assertEquals(3600, infoBefore.rotationSeconds());
        assertTrue(infoBefore.newMembersReadHistory());
        assertEquals(bobBefore, world.login(bob, 0).fetch(List.of()), "keys, key_replaced, the sealed message");
        assertEquals(cydBefore, world.login(cyd, 0).fetch(List.of()), "the approval with its key");
        List<QueuedEvent> adaAfter = adaAgain.fetch(List.of());
        assertEquals(adaBefore, adaAfter, "the request to re-key");
        assertEquals(2, Events.typed(adaAfter, QueuedEventType.UPDATE_ROOM_KEY).get(0).keyUpdate().nextEpoch());
        assertTrue(Events.typed(bobBefore, QueuedEventType.RECEIVE_ROOM_KEY).size() == 1);
        assertTrue(Events.typed(cydBefore, QueuedEventType.ALLOW_USER_JOIN_SESSION).get(0).notice().roomKey() != null);

        assertEquals(sent, adaAgain.call(Methods.SEND_MESSAGE, message), "a resend after the restart");
        adaAgain.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 2, true, List.of(keyFor(bob, 0))));
        clock.advance(Duration.ofSeconds(3599));
        world.restart();
        ChatClient adaLater = world.login(ada, 0);
        SessionInfo rekeyed = adaLater.call(Methods.GET_SESSION, new SessionRef(session));
        assertEquals(2, rekeyed.keyEpoch());
        assertFalse(rekeyed.rekeyNeeded());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(adaLater.call(Methods.GET_SESSION, new SessionRef(session)).rekeyNeeded(),
                "the time of the last key survives too");
    }
}
