package chat.mz.server.session;

import static chat.mz.server.session.RoomKeyFixtures.keyFor;
import static chat.mz.server.session.RoomKeyFixtures.randomBase64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.RoomKeyDelivery;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SendRoomKeyResult;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.WrappedRoomKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** send_room_key: new keys only as the next epoch, complete and to members; deliveries of the current key. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomKeyReplacementTest {
    private static final String UNKNOWN_SESSION = "AAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    Path data;

    private ChatWorld world;
    private ChatUser ada;
    private ChatUser bob;
    private ChatUser cyd;
    private ChatClient adaDesk;
    private ChatClient adaPhone;
    private ChatClient bobDesk;
    private ChatClient cydDesk;
    private String session;

    @BeforeEach
    void setUp() throws Exception {
        world = new ChatWorld(data);
        ada = world.register("ada");
        world.addDevice(ada);
        bob = world.register("bob");
        cyd = world.register("cyd");
        adaDesk = world.login(ada, 0);
        adaPhone = world.login(ada, 1);
        bobDesk = world.login(bob, 0);
        cydDesk = world.login(cyd, 0);
        session = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", true, List.of(bob.userId())))
                .sessionId();
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    private List<WrappedRoomKey> allButAdaDesk() {
        return List.of(keyFor(ada, 1), keyFor(bob, 0));
    }

    @Test
    void aNewKeyIsTakenOnlyAsTheNextEpoch() throws Exception {
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 0, true, allButAdaDesk()),
                ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 2, true, allButAdaDesk()),
                ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, -1, true, allButAdaDesk()),
                ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        assertEquals(new SendRoomKeyResult(1, 2L), adaDesk.call(Methods.SEND_ROOM_KEY,
                new SendRoomKeyParams(session, 1, true, allButAdaDesk())));
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, allButAdaDesk()),
                ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        assertEquals(new SendRoomKeyResult(2, 3L), bobDesk.call(Methods.SEND_ROOM_KEY,
                new SendRoomKeyParams(session, 2, true, List.of(keyFor(ada, 0), keyFor(ada, 1)))),
                "any member may replace the key, due or not");
        assertEquals(2, bobDesk.call(Methods.GET_SESSION, new SessionRef(session)).keyEpoch());
        List<QueuedEvent> phone = adaPhone.drain();
        assertEquals(List.of(1L, 2L), Events.typed(phone, QueuedEventType.RECEIVE_ROOM_KEY).stream()
                .map(i -> i.roomKey().epoch()).toList());
        assertEquals(List.of(1L, 2L), Events.of(phone, SessionEventKind.KEY_REPLACED).stream()
                .map(e -> e.keyEpoch()).toList());
    }

    @Test
    void aNewKeyMustGoToEveryOtherMemberDeviceAndOnlyThere() throws Exception {
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(keyFor(bob, 0))),
                ErrorCode.ROOM_KEYS_INCOMPLETE);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of()),
                ErrorCode.ROOM_KEYS_INCOMPLETE);
        List<WrappedRoomKey> withCyd = new ArrayList<>(allButAdaDesk());
        withCyd.add(keyFor(cyd, 0));
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, withCyd),
                ErrorCode.NOT_A_MEMBER_DEVICE);
        List<WrappedRoomKey> withSelf = new ArrayList<>(allButAdaDesk());
        withSelf.add(keyFor(ada, 0));
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, withSelf),
                ErrorCode.NOT_A_MEMBER_DEVICE);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(keyFor(ada, 1),
                keyFor(bob, 0), keyFor(bob.userId(), "no-such-device"))), ErrorCode.NOT_A_MEMBER_DEVICE);
        assertEquals(0, adaDesk.call(Methods.GET_SESSION, new SessionRef(session)).keyEpoch(), "nothing taken");
        assertTrue(Events.typed(bobDesk.drain(), QueuedEventType.RECEIVE_ROOM_KEY).isEmpty(), "nothing delivered");
        adaDesk.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, allButAdaDesk()));
    }

    @Test
    void theCurrentKeyGoesToMemberDevicesWithoutReplacingIt() throws Exception {
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 0, false, List.of(keyFor(bob, 0))),
                ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        adaDesk.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, allButAdaDesk()));
        bobDesk.drain();
        adaPhone.drain();

        WrappedRoomKey again = keyFor(bob, 0);
        assertEquals(new SendRoomKeyResult(1, null), adaPhone.call(Methods.SEND_ROOM_KEY,
                new SendRoomKeyParams(session, 1, false, List.of(again))));
        List<QueuedEvent> items = bobDesk.drain();
        assertEquals(1, items.size(), "the key, no timeline entry");
        assertEquals(new RoomKeyDelivery(session, 1, ada.userId(), ada.device(1).id(), again.wrappedKey(),
                again.signature()), items.get(0).roomKey());
        assertEquals(1, adaDesk.call(Methods.GET_SESSION, new SessionRef(session)).keyEpoch());

        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 0, false, List.of(keyFor(bob, 0))),
                ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 2, false, List.of(keyFor(bob, 0))),
                ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, false, List.of(keyFor(cyd, 0))),
                ErrorCode.NOT_A_MEMBER_DEVICE);
        assertTrue(cydDesk.drain().isEmpty());
    }

    @Test
    void refusalsOfWhoAndWhere() throws Exception {
        String plain = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Plain", false,
                List.of(bob.userId()))).sessionId();
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(plain, 1, true, allButAdaDesk()),
                ErrorCode.E2EE_OFF);
        cydDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, allButAdaDesk()),
                ErrorCode.NOT_A_MEMBER);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(UNKNOWN_SESSION, 1, true, allButAdaDesk()),
                ErrorCode.SESSION_NOT_FOUND);
        world.anonymous().refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, allButAdaDesk()),
                ErrorCode.NOT_LOGGED_IN);
    }

    @Test
    void sizesAreChecked() throws Exception {
        // more than MAX_KEYS keys do not fit in a frame: RoomKeyChecksTest covers that cap
        WrappedRoomKey bobs = keyFor(bob, 0);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(keyFor(ada, 1), bobs,
                bobs)), ErrorCode.INVALID_PARAMS);
        String longWrap = randomBase64(WrappedRoomKey.MAX_WRAPPED_CHARS / 4 * 3 + 3);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(keyFor(ada, 1),
                new WrappedRoomKey(bob.userId(), bob.device(0).id(), longWrap, bobs.signature()))),
                ErrorCode.INVALID_PARAMS);
        String longSignature = randomBase64(WrappedRoomKey.MAX_SIGNATURE_CHARS / 4 * 3 + 3);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(keyFor(ada, 1),
                new WrappedRoomKey(bob.userId(), bob.device(0).id(), bobs.wrappedKey(), longSignature))),
                ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(keyFor(ada, 1),
                new WrappedRoomKey(bob.userId(), bob.device(0).id(), "%%%", bobs.signature()))),
                ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(keyFor(ada, 1),
                new WrappedRoomKey(bob.userId(), bob.device(0).id(), bobs.wrappedKey(), ""))),
                ErrorCode.INVALID_PARAMS);
        String largest = randomBase64(WrappedRoomKey.MAX_WRAPPED_CHARS / 4 * 3);
        adaDesk.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(keyFor(ada, 1),
                new WrappedRoomKey(bob.userId(), bob.device(0).id(), largest, bobs.signature()))));
        assertEquals(largest, Events.typed(bobDesk.drain(), QueuedEventType.RECEIVE_ROOM_KEY).get(0).roomKey()
                .wrappedKey());
    }

    @Test
    void ofTwoRacingReplacementsExactlyOneWins() throws Exception {
        for (int round = 1; round <= 6; round++) {
            CompletableFuture<SendRoomKeyResult> fromAda = adaDesk.callAsync(Methods.SEND_ROOM_KEY,
                    new SendRoomKeyParams(session, round, true, allButAdaDesk()));
            CompletableFuture<SendRoomKeyResult> fromBob = bobDesk.callAsync(Methods.SEND_ROOM_KEY,
                    new SendRoomKeyParams(session, round, true, List.of(keyFor(ada, 0), keyFor(ada, 1))));
            SendRoomKeyResult adaResult = outcome(fromAda);
            SendRoomKeyResult bobResult = outcome(fromBob);
            assertTrue((adaResult == null) != (bobResult == null), "exactly one wins round " + round);
            SendRoomKeyResult winner = adaResult != null ? adaResult : bobResult;
            assertEquals(round, winner.epoch());
            ChatClient loser = adaResult != null ? bobDesk : adaDesk;
            List<QueuedEvent> loserItems = loser.drain();
            assertEquals(List.of((long) round), Events.typed(loserItems, QueuedEventType.RECEIVE_ROOM_KEY).stream()
                    .map(i -> i.roomKey().epoch()).toList(), "the loser gets the winner's key");
        }
        assertEquals(6, adaDesk.call(Methods.GET_SESSION, new SessionRef(session)).keyEpoch());
        List<QueuedEvent> phone = adaPhone.drain();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), Events.of(phone, SessionEventKind.KEY_REPLACED).stream()
                .map(e -> e.keyEpoch()).toList(), "one key_replaced per epoch");
        assertEquals(6, Events.typed(phone, QueuedEventType.RECEIVE_ROOM_KEY).size(), "one key per epoch");
    }

    /** The result, or null when the call was refused with 1310. */
    private static SendRoomKeyResult outcome(CompletableFuture<SendRoomKeyResult> call) throws Exception {
        try {
            return call.get(ChatClient.patience().toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            RpcException refusal = assertInstanceOf(RpcException.class, e.getCause());
            assertEquals(ErrorCode.ROOM_KEY_EPOCH_MISMATCH.code(), refusal.error().code());
            return null;
        }
    }

    @Test
    void aReplacementAnswersItsEntry() throws Exception {
        SendRoomKeyResult result = adaDesk.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true,
                allButAdaDesk()));
        assertEquals(result.seq(), Events.of(bobDesk.drain(), SessionEventKind.KEY_REPLACED).get(0).seq());
        assertNull(Events.of(adaDesk.drain(), SessionEventKind.KEY_REPLACED).get(0).text());
    }
}
