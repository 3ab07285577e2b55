package chat.mz.server.session;

import static chat.mz.server.session.RoomKeyFixtures.keyFor;
import static chat.mz.server.session.RoomKeyFixtures.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.RoomKeyDelivery;
import chat.mz.protocol.session.RoomKeyRecipient;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.SessionSettingsParams;
import chat.mz.protocol.session.SessionUserParams;
import chat.mz.protocol.session.WrappedRoomKey;
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

/** What marks a conversation's room key due, and why, as the device asked to re-key is told. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomKeyMarksTest {
    @TempDir
    Path data;

    // now, not the fake clock's default: the test devices' certificates are issued in real time
    private final FakeClock clock = new FakeClock(Instant.now());
    private ChatWorld world;
    private ChatUser ada;
    private ChatUser bob;
    private ChatUser cyd;
    private ChatClient adaDesk;
    private ChatClient bobDesk;
    private ChatClient cydDesk;
    private String session;

    @BeforeEach
    void setUp() throws Exception {
        world = new ChatWorld(data, clock);
        ada = world.register("ada");
        bob = world.register("bob");
        cyd = world.register("cyd");
        adaDesk = world.login(ada, 0);
        bobDesk = world.login(bob, 0);
        cydDesk = world.login(cyd, 0);
        session = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", true, List.of(bob.userId())))
                .sessionId();
        RoomKeyFixtures.RekeyRequest first = RoomKeyFixtures.rekey(adaDesk, session);
        assertEquals("created", first.update().reason());
        assertNotDue();
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void aMemberLeavingOrRemovedMarksIt() throws Exception {
        adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, null, true));
        invite(cyd);
        cydDesk.call(Methods.LEAVE_SESSION, new SessionRef(session));
        assertDue("member_left");

        invite(cyd);
        adaDesk.call(Methods.REMOVE_USER_FROM_SESSION, new SessionUserParams(session, cyd.userId()));
        RoomKeyFixtures.RekeyRequest request = rekeyAs(adaDesk, "member_left");
        assertEquals(List.of(bob.userId()), request.recipients().stream().map(RoomKeyRecipient::userId).toList(),
                "the removed member's devices are not named");
    }

    @Test
    void aJoinMarksItUnlessNewcomersMayReadHistory() throws Exception {
        invite(cyd);
        assertDue("member_joined");

        cydDesk.call(Methods.LEAVE_SESSION, new SessionRef(session));
        rekeyAs(adaDesk, "member_left");
        cydDesk.call(Methods.JOIN_SESSION, new SessionRef(session));
        adaDesk.call(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(session, cyd.userId()));
        assertDue("member_joined");

        adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, null, true));
        cydDesk.call(Methods.LEAVE_SESSION, new SessionRef(session));
        rekeyAs(adaDesk, "member_left");
        invite(cyd);
        assertNotDue();
        cydDesk.call(Methods.LEAVE_SESSION, new SessionRef(session));
        rekeyAs(adaDesk, "member_left");
        cydDesk.call(Methods.JOIN_SESSION, new SessionRef(session));
        adaDesk.call(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(session, cyd.userId()));
        assertNotDue();
    }

    @Test
    void aRevokedDeviceMarksEveryEncryptedSessionOfItsUser() throws Exception {
        world.addDevice(bob);
        ChatClient bobPhone = world.login(bob, 1);
        String plain = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Plain", false,
                List.of(bob.userId()))).sessionId();
        String other = bobDesk.call(Methods.NEW_SESSION, NewSessionRequest.direct(cyd.userId(), true)).sessionId();
        RoomKeyFixtures.rekey(bobDesk, other);
        String cydsOwn = cydDesk.call(Methods.NEW_SESSION, NewSessionRequest.direct(ada.userId(), true)).sessionId();
        RoomKeyFixtures.rekey(cydDesk, cydsOwn);
        requestAndRekey(adaDesk, "requested");
        // ada is asked to wrap a key to bob's phone; the revocation takes that request back
        adaDesk.call(Methods.E2EEIZE_SESSION, new SessionRef(session));
        adaDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "hi"));
        bobPhone.drain();

        bobDesk.call(Methods.REVOKE_DEVICE, bob.revoke(1));

        List<QueuedEvent> stale = adaDesk.drain();
        assertTrue(stale.stream().filter(i -> i.type() == QueuedEventType.SEND_ROOM_KEY)
                .noneMatch(i -> i.keyRecipient().deviceId().equals(bob.device(1).id())),
                "a revoked device is never named, not even by a request queued before");
        assertEquals(1, Events.typed(stale, QueuedEventType.SEND_ROOM_KEY).size());
        assertTrue(info(adaDesk, session).rekeyNeeded());
        assertTrue(info(cydDesk, other).rekeyNeeded());
        assertFalse(info(adaDesk, plain).rekeyNeeded(), "a session without encryption is not marked");
        assertFalse(info(cydDesk, cydsOwn).rekeyNeeded(), "sessions bob is not in are not marked");
        RoomKeyFixtures.RekeyRequest request = rekeyAs(cydDesk, other, "device_revoked");
        assertEquals(List.of(new RoomKeyRecipient(other, 2, bob.userId(), bob.device(0).id())),
                request.recipients());
    }

    @Test
    void aKeyOlderThanTheRotationPeriodIsDue() throws Exception {
        adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, 3600L, null));
        requestAndRekey(adaDesk, "requested");
        clock.advance(Duration.ofSeconds(3599));
        assertNotDue();
        adaDesk.call(Methods.SEND_MESSAGE, sealed(session, 2));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(info(bobDesk, session).rekeyNeeded());
        RoomKeyFixtures.RekeyRequest request = rekeyAs(bobDesk, session, "rotation_due");
        assertEquals(3, request.update().nextEpoch());
        clock.advance(Duration.ofSeconds(3599));
        assertNotDue();

        adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, 0L, null));
        clock.advance(Duration.ofDays(400));
        assertNotDue();
    }

    @Test
    void switchingEncryptionOffAndOnLeavesEntriesAndMarksIt() throws Exception {
        bobDesk.refused(Methods.E2EEIZE_SESSION, new SessionRef(session), ErrorCode.NOT_SESSION_OWNER);
        bobDesk.refused(Methods.DEE2EEIZE_SESSION, new SessionRef(session), ErrorCode.NOT_SESSION_OWNER);
        cydDesk.refused(Methods.DEE2EEIZE_SESSION, new SessionRef(session), ErrorCode.NOT_A_MEMBER);
        bobDesk.drain();

        Long off = adaDesk.call(Methods.DEE2EEIZE_SESSION, new SessionRef(session)).seq();
        SessionEvent entry = Events.of(bobDesk.drain(), SessionEventKind.E2EE_OFF).get(0);
        assertEquals(off, entry.seq());
        assertEquals(ada.userId(), entry.actorUserId());
        assertEquals(1, Events.of(adaDesk.drain(), SessionEventKind.E2EE_OFF).size(), "the owner's devices too");
        SessionInfo plain = info(bobDesk, session);
        assertFalse(plain.e2eeOn());
        assertFalse(plain.rekeyNeeded());
        assertNull(adaDesk.call(Methods.DEE2EEIZE_SESSION, new SessionRef(session)).seq(), "off already");
        assertTrue(Events.timeline(bobDesk.drain()).isEmpty(), "no second entry");
        adaDesk.refused(Methods.SEND_MESSAGE, sealed(session, 1), ErrorCode.E2EE_OFF);
        adaDesk.refused(Methods.SEND_ROOM_KEY, new SendRoomKeyParams(session, 2, true,
                List.of(keyFor(bob, 0))), ErrorCode.E2EE_OFF);
        adaDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "in the clear"));
        assertTrue(Events.typed(adaDesk.drain(), QueuedEventType.UPDATE_ROOM_KEY).isEmpty(),
                "no key is asked for while encryption is off");

        Long on = adaDesk.call(Methods.E2EEIZE_SESSION, new SessionRef(session)).seq();
        assertEquals(on, Events.of(bobDesk.drain(), SessionEventKind.E2EE_ON).get(0).seq());
        assertTrue(info(bobDesk, session).e2eeOn());
        RoomKeyFixtures.RekeyRequest request = rekeyAs(adaDesk, "e2ee_on");
        assertEquals(2, request.update().nextEpoch(), "epochs go on from the last key");
        assertNull(adaDesk.call(Methods.E2EEIZE_SESSION, new SessionRef(session)).seq(), "on already: no entry");
        assertTrue(Events.timeline(bobDesk.drain()).stream().noneMatch(e -> e.kind() == SessionEventKind.E2EE_ON));
        assertDue("requested");
    }

    @Test
    void theOwnerChangesTheSettings() throws Exception {
        bobDesk.refused(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, 600L, true),
                ErrorCode.NOT_SESSION_OWNER);
        adaDesk.refused(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, 59L, null),
                ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session,
                SessionSettingsParams.MAX_ROTATION_SECONDS + 1, null), ErrorCode.INVALID_PARAMS);
        bobDesk.drain();

        Long seq = adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, 600L, true))
                .seq();
        SessionEvent entry = Events.of(bobDesk.drain(), SessionEventKind.SETTINGS_CHANGED).get(0);
        assertEquals(seq, entry.seq());
        assertEquals(ada.userId(), entry.actorUserId());
        SessionInfo changed = info(bobDesk, session);
        assertEquals(600, changed.rotationSeconds());
        assertTrue(changed.newMembersReadHistory());

        assertNull(adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, 600L, null))
                .seq(), "nothing changed");
        assertNull(adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, null, null))
                .seq());
        assertTrue(Events.timeline(bobDesk.drain()).isEmpty());
        adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, null, false));
        SessionInfo again = info(adaDesk, session);
        assertEquals(600, again.rotationSeconds(), "a setting left out stays");
        assertFalse(again.newMembersReadHistory());
    }

    @Test
    void anApprovedNewcomerGetsTheCurrentKeyInItsNotice() throws Exception {
        adaDesk.call(Methods.UPDATE_SESSION_SETTINGS, new SessionSettingsParams(session, null, true));
        world.addDevice(cyd);
        ChatClient cydPhone = world.login(cyd, 1);
        cydDesk.call(Methods.JOIN_SESSION, new SessionRef(session));
        cydDesk.drain();
        cydPhone.drain();

        adaDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(session, cyd.userId(),
                List.of(keyFor(cyd, 0), keyFor(bob, 0))), ErrorCode.NOT_A_MEMBER_DEVICE);
        adaDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(session, cyd.userId(),
                List.of(keyFor(cyd.userId(), "no-such-device"))), ErrorCode.NOT_A_MEMBER_DEVICE);
        adaDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(session, cyd.userId(),
                List.of(keyFor(cyd, 0), keyFor(cyd, 0))), ErrorCode.INVALID_PARAMS);
        WrappedRoomKey desk = keyFor(cyd, 0);
        WrappedRoomKey phone = keyFor(cyd, 1);
        adaDesk.call(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(session, cyd.userId(),
                List.of(desk, phone)));

        QueuedEvent deskNotice = Events.typed(cydDesk.drain(), QueuedEventType.ALLOW_USER_JOIN_SESSION).get(0);
        assertEquals(new RoomKeyDelivery(session, 1, ada.userId(), ada.device(0).id(),
                desk.wrappedKey(), desk.signature()), deskNotice.notice().roomKey());
        assertEquals(ada.userId(), deskNotice.notice().byUserId());
        QueuedEvent phoneNotice = Events.typed(cydPhone.drain(), QueuedEventType.ALLOW_USER_JOIN_SESSION).get(0);
        assertEquals(phone.wrappedKey(), phoneNotice.notice().roomKey().wrappedKey(), "each device its own key");
        assertNotDue();
    }

    @Test
    void roomKeysOnlyInAnEncryptedSessionWithAKey() throws Exception {
        String plain = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Plain", false,
                List.of(bob.userId()))).sessionId();
        String fresh = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Fresh", true,
                List.of(bob.userId()))).sessionId();
        for (String id : List.of(plain, fresh)) {
            cydDesk.call(Methods.JOIN_SESSION, new SessionRef(id));
        }
        adaDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(plain, cyd.userId(),
                List.of(keyFor(cyd, 0))), ErrorCode.E2EE_OFF);
        adaDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(fresh, cyd.userId(),
                List.of(keyFor(cyd, 0))), ErrorCode.ROOM_KEY_EPOCH_MISMATCH);
        cydDesk.drain();
        adaDesk.call(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(plain, cyd.userId()));
        assertNull(Events.typed(cydDesk.drain(), QueuedEventType.ALLOW_USER_JOIN_SESSION).get(0).notice().roomKey(),
                "a notice without a key has none");
    }

    private void invite(ChatUser user) throws InterruptedException {
        adaDesk.call(Methods.INVITE_USER_TO_SESSION, new SessionUserParams(session, user.userId()));
        world.login(user, 0).call(Methods.ACCEPT_JOIN_SESSION_APPROVAL, new SessionRef(session));
    }

    private SessionInfo info(ChatClient device, String id) throws InterruptedException {
        return device.call(Methods.GET_SESSION, new SessionRef(id));
    }

    private void assertNotDue() throws InterruptedException {
        assertFalse(info(adaDesk, session).rekeyNeeded());
        adaDesk.drain();
        long epoch = info(adaDesk, session).keyEpoch();
        adaDesk.call(Methods.SEND_MESSAGE, sealed(session, epoch));
        assertTrue(Events.typed(adaDesk.drain(), QueuedEventType.UPDATE_ROOM_KEY).isEmpty());
    }

    private void assertDue(String reason) throws InterruptedException {
        assertTrue(info(adaDesk, session).rekeyNeeded());
        rekeyAs(adaDesk, reason);
    }

    private RoomKeyFixtures.RekeyRequest rekeyAs(ChatClient device, String reason) throws InterruptedException {
        return rekeyAs(device, session, reason);
    }

    private RoomKeyFixtures.RekeyRequest rekeyAs(ChatClient device, String id, String reason)
            throws InterruptedException {
        RoomKeyFixtures.RekeyRequest request = RoomKeyFixtures.rekey(device, id);
        assertEquals(reason, request.update().reason());
        return request;
    }

    /** Asks for a new key first ({@code e2eeize_session} while on), then makes it. */
    private RoomKeyFixtures.RekeyRequest requestAndRekey(ChatClient device, String reason)
            throws InterruptedException {
        assertNull(adaDesk.call(Methods.E2EEIZE_SESSION, new SessionRef(session)).seq());
        return rekeyAs(device, reason);
    }
}
