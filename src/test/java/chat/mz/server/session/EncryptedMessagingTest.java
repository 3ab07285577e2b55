package chat.mz.server.session;

import static chat.mz.server.session.RoomKeyFixtures.keysFor;
import static chat.mz.server.session.RoomKeyFixtures.randomBase64;
import static chat.mz.server.session.RoomKeyFixtures.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.ListSessionsParams;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.RoomKeyDelivery;
import chat.mz.protocol.session.RoomKeyRecipient;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendMessageResult;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SendRoomKeyResult;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.WrappedRoomKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted send_message: when it is taken, each refusal, and how a due key is asked for. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EncryptedMessagingTest {
    @TempDir
    Path data;

    private ChatWorld world;
    private ChatUser ada;
    private ChatUser bob;
    private ChatClient adaDesk;
    private ChatClient adaPhone;
    private ChatClient bobDesk;
    private String session;

    @BeforeEach
    void setUp() throws Exception {
        world = new ChatWorld(data);
        ada = world.register("ada");
        world.addDevice(ada);
        bob = world.register("bob");
        adaDesk = world.login(ada, 0);
        adaPhone = world.login(ada, 1);
        bobDesk = world.login(bob, 0);
        session = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", true, List.of(bob.userId())))
                .sessionId();
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void anEncryptedSessionStartsWithoutAKeyAndDueForOne() throws Exception {
        SessionInfo created = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Boulder", true,
                List.of(bob.userId())));
        assertEquals(0, created.keyEpoch());
        assertTrue(created.rekeyNeeded());
        assertEquals(0, created.rotationSeconds());
        assertFalse(created.newMembersReadHistory());
        SessionInfo seen = bobDesk.call(Methods.GET_SESSION, new SessionRef(session));
        assertEquals(0, seen.keyEpoch());
        assertTrue(seen.rekeyNeeded());
        assertTrue(bobDesk.call(Methods.LIST_SESSIONS, new ListSessionsParams()).sessions().stream()
                .allMatch(SessionInfo::rekeyNeeded));
        SessionInfo plain = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Plain", false,
                List.of(bob.userId())));
        assertFalse(plain.rekeyNeeded(), "a session without encryption needs no key");
    }

    @Test
    void anEncryptedSendWhileTheKeyIsDueIsRefusedAndTheSenderAskedToRekey() throws Exception {
        adaDesk.drain();
        adaDesk.refused(Methods.SEND_MESSAGE, sealed(session, 0), ErrorCode.ROOM_KEY_REPLACEMENT_DUE);

        RoomKeyFixtures.RekeyRequest request = RoomKeyFixtures.rekeyRequest(adaDesk);
        assertEquals(session, request.update().sessionId());
        assertEquals(1, request.update().nextEpoch(), "the first key is epoch 1");
        assertEquals("created", request.update().reason());
        assertEquals(Set.of(device(ada, 1), device(bob, 0)), Set.copyOf(request.recipients().stream()
                .map(r -> r.userId() + "/" + r.deviceId()).toList()), "every member device but the sender");
        assertEquals(2, request.recipients().size(), "one notification per device");
        assertTrue(request.recipients().stream().allMatch(r -> r.epoch() == 1 && r.sessionId().equals(session)));
        assertTrue(Events.of(bobDesk.drain(), SessionEventKind.MESSAGE).isEmpty(), "nothing was stored");
        assertTrue(Events.typed(adaPhone.drain(), QueuedEventType.UPDATE_ROOM_KEY).isEmpty(),
                "only the sending device is asked");

        List<WrappedRoomKey> keys = keysFor(request.recipients());
        SendRoomKeyResult replaced = adaDesk.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true,
                keys));
        assertEquals(1, replaced.epoch());
        assertEquals(2, replaced.seq(), "key_replaced follows created");

        List<QueuedEvent> bobItems = bobDesk.drain();
        RoomKeyDelivery delivered = Events.typed(bobItems, QueuedEventType.RECEIVE_ROOM_KEY).get(0).roomKey();
        WrappedRoomKey bobsKey = keys.stream().filter(k -> k.userId().equals(bob.userId())).findFirst().orElseThrow();
        assertEquals(new RoomKeyDelivery(session, 1, ada.userId(), ada.device(0).id(), bobsKey.wrappedKey(),
                bobsKey.signature()), delivered);
        SessionEvent keyReplaced = Events.of(bobItems, SessionEventKind.KEY_REPLACED).get(0);
        assertEquals(1L, keyReplaced.keyEpoch());
        assertEquals(ada.userId(), keyReplaced.actorUserId());
        assertEquals(ada.device(0).id(), keyReplaced.actorDeviceId());
        assertEquals(1, Events.of(adaDesk.drain(), SessionEventKind.KEY_REPLACED).size(),
                "the re-keying device gets the entry too");
        SessionInfo after = bobDesk.call(Methods.GET_SESSION, new SessionRef(session));
        assertEquals(1, after.keyEpoch());
        assertFalse(after.rekeyNeeded(), "the new key clears the mark");

        SendMessageParams message = sealed(session, 1);
        SendMessageResult sent = adaDesk.call(Methods.SEND_MESSAGE, message);
        SessionEvent received = Events.of(bobDesk.drain(), SessionEventKind.MESSAGE).get(0);
        assertEquals(sent.seq(), received.seq());
        assertEquals(message.ciphertext(), received.ciphertext());
        assertEquals(1L, received.keyEpoch());
        assertNull(received.text());
        assertTrue(received.isEncrypted());
        assertTrue(Events.typed(adaDesk.drain(), QueuedEventType.UPDATE_ROOM_KEY).isEmpty(),
                "no request to re-key once the key is fresh");
    }

    @Test
    void aPlaintextSendWhileTheKeyIsDueIsTakenAndAsksItsSenderToRekey() throws Exception {
        bobDesk.drain();
        SendMessageParams hello = new SendMessageParams(session, world.messageId(), "hello");
        long seq = bobDesk.call(Methods.SEND_MESSAGE, hello).seq();
        assertEquals(hello.text(), Events.of(adaDesk.drain(), SessionEventKind.MESSAGE).get(0).text());
        RoomKeyFixtures.RekeyRequest request = RoomKeyFixtures.rekeyRequest(bobDesk);
        assertEquals(1, request.update().nextEpoch());
        assertEquals(Set.of(device(ada, 0), device(ada, 1)), Set.copyOf(request.recipients().stream()
                .map(r -> r.userId() + "/" + r.deviceId()).toList()));
        assertEquals(2, seq);
    }

    @Test
    void anEncryptedMessageAtAnotherEpochIs1310() throws Exception {
        RoomKeyFixtures.rekey(adaDesk, session);
        adaDesk.refused(Methods.SEND_MESSAGE, sealed(session, 0), ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        adaDesk.refused(Methods.SEND_MESSAGE, sealed(session, 2), ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        adaDesk.call(Methods.SEND_MESSAGE, sealed(session, 1));
        assertEquals(1, Events.of(bobDesk.drain(), SessionEventKind.MESSAGE).size());
    }

    @Test
    void anEncryptedMessageInASessionWithoutEncryptionIs1314() throws Exception {
        String plain = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Plain", false,
                List.of(bob.userId()))).sessionId();
        adaDesk.refused(Methods.SEND_MESSAGE, sealed(plain, 0), ErrorCode.E2EE_OFF);
        adaDesk.refused(Methods.SEND_MESSAGE, sealed(plain, 1), ErrorCode.E2EE_OFF);
    }

    @Test
    void theShapeOfAMessageIsChecked() throws Exception {
        String id = world.messageId();
        String ciphertext = randomBase64(100);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, id, "hi", ciphertext, 0L),
                ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, id, null, null, null),
                ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, id, null, ciphertext, null),
                ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, id, "hi", null, 1L),
                ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, id, null, "not base64!", 0L),
                ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, id, null, "", 0L),
                ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, id, null, ciphertext, -1L),
                ErrorCode.INVALID_PARAMS);
        String tooLong = "A".repeat(SendMessageParams.MAX_CIPHERTEXT_CHARS + 4);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, id, null, tooLong, 0L),
                ErrorCode.MESSAGE_TOO_LARGE);
        RoomKeyFixtures.rekey(adaDesk, session);
        String longest = "A".repeat(SendMessageParams.MAX_CIPHERTEXT_CHARS);
        adaDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, id, null, longest, 1L));
        assertEquals(longest, Events.of(bobDesk.drain(), SessionEventKind.MESSAGE).get(0).ciphertext(),
                "24 KiB of base64 is taken whole");
    }

    @Test
    void resendingAnEncryptedMessageAnswersTheFirstSend() throws Exception {
        RoomKeyFixtures.rekey(adaDesk, session);
        SendMessageParams message = sealed(session, 1);
        SendMessageResult first = adaDesk.call(Methods.SEND_MESSAGE, message);
        assertEquals(first, adaPhone.call(Methods.SEND_MESSAGE, message), "the same message from another device");

        adaDesk.call(Methods.E2EEIZE_SESSION, new SessionRef(session));
        RoomKeyFixtures.rekey(adaDesk, session);
        assertEquals(first, adaDesk.call(Methods.SEND_MESSAGE, message), "even after the key moved on");
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, message.messageId(), null,
                randomBase64(200), 2L), ErrorCode.MESSAGE_ID_REUSED);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, message.messageId(), null,
                message.ciphertext(), 2L), ErrorCode.MESSAGE_ID_REUSED);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, message.messageId(), "plain"),
                ErrorCode.MESSAGE_ID_REUSED);
        SendMessageParams plain = new SendMessageParams(session, world.messageId(), "plain");
        adaDesk.call(Methods.SEND_MESSAGE, plain);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, plain.messageId(), null,
                randomBase64(20), 2L), ErrorCode.MESSAGE_ID_REUSED);
        assertEquals(2, Events.of(bobDesk.drain(), SessionEventKind.MESSAGE).size(), "each message once");
    }

    @Test
    void aRevokedDeviceIsNeverNamedForANewKey() throws Exception {
        adaDesk.drain();
        bobDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "hello"));
        RoomKeyFixtures.RekeyRequest before = RoomKeyFixtures.rekeyRequest(bobDesk);
        assertEquals(2, before.recipients().size());

        adaDesk.call(Methods.REVOKE_DEVICE, ada.revoke(1));
        adaDesk.refused(Methods.SEND_MESSAGE, sealed(session, 0), ErrorCode.ROOM_KEY_REPLACEMENT_DUE);
        RoomKeyFixtures.RekeyRequest request = RoomKeyFixtures.rekeyRequest(adaDesk);
        assertEquals(List.of(new RoomKeyRecipient(session, 1, bob.userId(), bob.device(0).id())),
                request.recipients());
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, List.of(
                RoomKeyFixtures.keyFor(bob, 0), RoomKeyFixtures.keyFor(ada, 1))), ErrorCode.NOT_A_MEMBER_DEVICE);
        adaDesk.call(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 1, true, keysFor(request.recipients())));
    }

    private static String device(ChatUser user, int index) {
        return user.userId() + "/" + user.device(index).id();
    }
}
