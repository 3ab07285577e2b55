package chat.mz.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.MembershipNotice;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.RenameSessionParams;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SessionActionResult;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionMember;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.SessionRole;
import chat.mz.protocol.session.SessionUserParams;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Invitations, join requests, leaving, removing and renaming, with what each device is told. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionMembershipTest {
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
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void anInviteeWhoAcceptsJoinsWithTheInviterAsActor() throws Exception {
        String session = group(List.of(bob));
        SessionUserParams invite = new SessionUserParams(session, cyd.userId());
        assertNull(bobDesk.call(Methods.INVITE_USER_TO_SESSION, invite).seq());
        assertNull(adaDesk.call(Methods.INVITE_USER_TO_SESSION, invite).seq(), "inviting again is the same invitation");

        List<QueuedEvent> invited = cydDesk.drain();
        assertEquals(1, invited.size());
        assertEquals(QueuedEventType.INVITE_USER_TO_SESSION, invited.get(0).type());
        MembershipNotice notice = invited.get(0).notice();
        assertEquals(session, notice.sessionId());
        assertEquals("Crag", notice.sessionName());
        assertEquals(bob.userId(), notice.byUserId());
        assertEquals("bob", notice.byUsername());

        SessionInfo joined = cydDesk.call(Methods.ACCEPT_JOIN_SESSION_APPROVAL, new SessionRef(session));

        assertEquals(SessionRole.MEMBER, joined.yourRole());
        assertEquals(List.of("ada", "bob", "cyd"), joined.members().stream().map(SessionMember::username).toList());
        assertEquals(2, joined.lastSeq());
        for (ChatClient device : List.of(adaDesk, adaPhone, bobDesk, cydDesk)) {
            List<QueuedEvent> items = device.drain();
            SessionEvent entry = single(Events.of(items, SessionEventKind.JOINED));
            assertEquals(cyd.userId(), entry.subjectUserId());
            assertEquals("cyd", entry.subjectUsername());
            assertEquals(bob.userId(), entry.actorUserId());
            MembershipNotice accepted = single(Events.typed(items, QueuedEventType.ACCEPT_SESSION)).notice();
            assertEquals(cyd.userId(), accepted.userId());
            assertEquals("cyd", accepted.username());
            assertEquals(bob.userId(), accepted.byUserId());
        }
        cydDesk.refused(Methods.ACCEPT_JOIN_SESSION_APPROVAL, new SessionRef(session), ErrorCode.NO_SUCH_REQUEST);
        adaDesk.refused(Methods.INVITE_USER_TO_SESSION, invite, ErrorCode.ALREADY_A_MEMBER);
    }

    @Test
    void aDeclinedInvitationIsGone() throws Exception {
        String session = group(List.of(bob));
        adaDesk.call(Methods.INVITE_USER_TO_SESSION, new SessionUserParams(session, cyd.userId()));
        drainAll();

        assertNull(cydDesk.call(Methods.DECLINE_SESSION_INVITATION, new SessionRef(session)).seq());

        cydDesk.refused(Methods.ACCEPT_JOIN_SESSION_APPROVAL, new SessionRef(session), ErrorCode.NO_SUCH_REQUEST);
        cydDesk.refused(Methods.DECLINE_SESSION_INVITATION, new SessionRef(session), ErrorCode.NO_SUCH_REQUEST);
        assertTrue(adaDesk.fetch(List.of()).isEmpty());
        assertEquals(2, adaDesk.call(Methods.GET_SESSION, new SessionRef(session)).members().size());
    }

    @Test
    void aJoinRequestGoesToTheOwnerOnlyAndAnApprovalLetsTheRequesterIn() throws Exception {
        String session = group(List.of(bob));
        drainAll();

        assertNull(cydDesk.call(Methods.JOIN_SESSION, new SessionRef(session)).seq());
        cydDesk.call(Methods.JOIN_SESSION, new SessionRef(session));

        for (ChatClient owner : List.of(adaDesk, adaPhone)) {
            List<QueuedEvent> asked = owner.drain();
            assertEquals(List.of(QueuedEventType.JOIN_SESSION_APPROVAL), asked.stream().map(QueuedEvent::type).toList(),
                    "asking twice is one request");
            MembershipNotice notice = asked.get(0).notice();
            assertEquals(cyd.userId(), notice.userId());
            assertEquals("cyd", notice.username());
            assertEquals("Crag", notice.sessionName());
        }
        assertTrue(bobDesk.fetch(List.of()).isEmpty(), "members who do not own the session are not asked");
        SessionUserParams request = new SessionUserParams(session, cyd.userId());
        bobDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, request, ErrorCode.NOT_SESSION_OWNER);

        SessionActionResult allowed = adaPhone.call(Methods.ALLOW_USER_JOIN_SESSION, request);

        assertEquals(2L, allowed.seq());
        List<QueuedEvent> told = cydDesk.drain();
        MembershipNotice allow = single(Events.typed(told, QueuedEventType.ALLOW_USER_JOIN_SESSION)).notice();
        assertEquals(ada.userId(), allow.byUserId());
        SessionEvent joined = single(Events.of(told, SessionEventKind.JOINED));
        assertEquals(ada.userId(), joined.actorUserId());
        assertEquals(ada.device(1).id(), joined.actorDeviceId());
        assertEquals(cyd.userId(), joined.subjectUserId());
        assertEquals(1, Events.of(bobDesk.drain(), SessionEventKind.JOINED).size());
        adaDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, request, ErrorCode.NO_SUCH_REQUEST);
        cydDesk.refused(Methods.JOIN_SESSION, new SessionRef(session), ErrorCode.ALREADY_A_MEMBER);
    }

    @Test
    void aDeniedRequesterIsToldAndStaysOut() throws Exception {
        String session = group(List.of(bob));
        cydDesk.call(Methods.JOIN_SESSION, new SessionRef(session));
        drainAll();
        SessionUserParams request = new SessionUserParams(session, cyd.userId());

        assertNull(adaDesk.call(Methods.DENY_USER_JOIN_SESSION, request).seq());

        List<QueuedEvent> told = cydDesk.drain();
        assertEquals(List.of(QueuedEventType.DENY_USER_JOIN_SESSION), told.stream().map(QueuedEvent::type).toList());
        cydDesk.refused(Methods.GET_SESSION, new SessionRef(session), ErrorCode.NOT_A_MEMBER);
        adaDesk.refused(Methods.DENY_USER_JOIN_SESSION, request, ErrorCode.NO_SUCH_REQUEST);
        assertTrue(bobDesk.fetch(List.of()).isEmpty());
    }

    @Test
    void anOwnerWhoLeavesHandsTheSessionToTheEarliestMember() throws Exception {
        String session = group(List.of(bob, cyd));
        drainAll();

        long left = adaDesk.call(Methods.LEAVE_SESSION, new SessionRef(session)).seq();

        assertEquals(2, left);
        for (ChatClient member : List.of(bobDesk, cydDesk)) {
            List<SessionEvent> entries = Events.timeline(member.drain());
            assertEquals(List.of(SessionEventKind.LEFT, SessionEventKind.OWNER_CHANGED),
                    entries.stream().map(SessionEvent::kind).toList());
            assertEquals(ada.userId(), entries.get(0).subjectUserId());
            assertEquals(bob.userId(), entries.get(1).subjectUserId());
        }
        for (ChatClient gone : List.of(adaDesk, adaPhone)) {
            assertEquals(List.of(SessionEventKind.LEFT), Events.timeline(gone.drain()).stream()
                    .map(SessionEvent::kind).toList(), "the one who leaves gets that entry, and nothing after");
        }
        assertEquals(SessionRole.OWNER, bobDesk.call(Methods.GET_SESSION, new SessionRef(session)).yourRole());
        adaDesk.refused(Methods.GET_SESSION, new SessionRef(session), ErrorCode.NOT_A_MEMBER);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "still here?"),
                ErrorCode.NOT_A_MEMBER);

        cydDesk.call(Methods.LEAVE_SESSION, new SessionRef(session));
        assertEquals(List.of(SessionEventKind.LEFT), Events.timeline(bobDesk.drain()).stream()
                .map(SessionEvent::kind).toList(), "a member leaving changes no owner");
    }

    @Test
    void onlyTheOwnerRemovesAndTheRemovedGetTheirLastEntry() throws Exception {
        String session = group(List.of(bob, cyd));
        drainAll();
        SessionUserParams removeCyd = new SessionUserParams(session, cyd.userId());
        bobDesk.refused(Methods.REMOVE_USER_FROM_SESSION, removeCyd, ErrorCode.NOT_SESSION_OWNER);
        adaDesk.refused(Methods.REMOVE_USER_FROM_SESSION, new SessionUserParams(session, ada.userId()),
                ErrorCode.INVALID_PARAMS);

        long removed = adaDesk.call(Methods.REMOVE_USER_FROM_SESSION, removeCyd).seq();

        SessionEvent last = single(Events.timeline(cydDesk.drain()));
        assertEquals(removed, last.seq());
        assertEquals(SessionEventKind.REMOVED, last.kind());
        assertEquals(cyd.userId(), last.subjectUserId());
        assertEquals(ada.userId(), last.actorUserId());
        cydDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "hey"),
                ErrorCode.NOT_A_MEMBER);
        bobDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "bye cyd"));
        assertTrue(cydDesk.fetch(List.of()).isEmpty(), "nothing after the removal");
        adaDesk.refused(Methods.REMOVE_USER_FROM_SESSION, removeCyd, ErrorCode.NOT_A_MEMBER);
    }

    @Test
    void onlyTheOwnerRenames() throws Exception {
        String session = group(List.of(bob));
        drainAll();
        bobDesk.refused(Methods.RENAME_SESSION, new RenameSessionParams(session, "Mine"), ErrorCode.NOT_SESSION_OWNER);
        adaDesk.refused(Methods.RENAME_SESSION, new RenameSessionParams(session, "   "), ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.RENAME_SESSION, new RenameSessionParams(session, "x".repeat(65)),
                ErrorCode.INVALID_PARAMS);

        long seq = adaDesk.call(Methods.RENAME_SESSION, new RenameSessionParams(session, "  Boulders  ")).seq();

        for (ChatClient device : List.of(adaDesk, adaPhone, bobDesk)) {
            SessionEvent renamed = single(Events.timeline(device.drain()));
            assertEquals(SessionEventKind.RENAMED, renamed.kind());
            assertEquals(seq, renamed.seq());
            assertEquals("Boulders", renamed.name());
        }
        assertEquals("Boulders", bobDesk.call(Methods.GET_SESSION, new SessionRef(session)).name());
    }

    private String group(List<ChatUser> members) throws InterruptedException {
        return adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", false,
                members.stream().map(ChatUser::userId).toList())).sessionId();
    }

    private void drainAll() throws InterruptedException {
        for (ChatClient device : List.of(adaDesk, adaPhone, bobDesk, cydDesk)) {
            device.drain();
        }
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), "exactly one: " + items);
        return items.get(0);
    }
}
