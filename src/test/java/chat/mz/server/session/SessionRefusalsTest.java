package chat.mz.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.FetchEventsParams;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.ListSessionsParams;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.RenameSessionParams;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.SessionUserParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each way a conversation call is refused, and that the server goes on serving afterwards. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionRefusalsTest {
    private static final String UNKNOWN_SESSION = "AAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    Path data;

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
        world = new ChatWorld(data);
        ada = world.register("ada");
        bob = world.register("bob");
        cyd = world.register("cyd");
        adaDesk = world.login(ada, 0);
        bobDesk = world.login(bob, 0);
        cydDesk = world.login(cyd, 0);
        session = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", false, List.of(bob.userId())))
                .sessionId();
    }

    @AfterEach
    void tearDown() throws Exception {
        // every refusal left the server serving
        assertEquals(1, bobDesk.call(Methods.LIST_SESSIONS, new ListSessionsParams()).sessions().size());
        world.close();
    }

    @Test
    void sendingToASessionOneIsNotInIs1302() throws Exception {
        cydDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "let me in"),
                ErrorCode.NOT_A_MEMBER);
        cydDesk.refused(Methods.GET_SESSION, new SessionRef(session), ErrorCode.NOT_A_MEMBER);
        cydDesk.refused(Methods.INVITE_USER_TO_SESSION, new SessionUserParams(session, cyd.userId()),
                ErrorCode.NOT_A_MEMBER);
        assertEquals(1, Events.timeline(bobDesk.drain()).size(), "only the created entry");
    }

    @Test
    void anUnknownSessionIs1301() throws Exception {
        adaDesk.refused(Methods.GET_SESSION, new SessionRef(UNKNOWN_SESSION), ErrorCode.SESSION_NOT_FOUND);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(UNKNOWN_SESSION, world.messageId(), "hello?"),
                ErrorCode.SESSION_NOT_FOUND);
        cydDesk.refused(Methods.JOIN_SESSION, new SessionRef(UNKNOWN_SESSION), ErrorCode.SESSION_NOT_FOUND);
        adaDesk.refused(Methods.LEAVE_SESSION, new SessionRef(UNKNOWN_SESSION), ErrorCode.SESSION_NOT_FOUND);
    }

    @Test
    void malformedIdsAreInvalidParams() throws Exception {
        for (String bad : List.of("short", "A".repeat(65), "has/slash/in/it/1234", "with spaces in it 1234")) {
            adaDesk.refused(Methods.GET_SESSION, new SessionRef(bad), ErrorCode.INVALID_PARAMS);
            adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, bad, "hi"), ErrorCode.INVALID_PARAMS);
            adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(bad, world.messageId(), "hi"),
                    ErrorCode.INVALID_PARAMS);
        }
        adaDesk.refused(Methods.INVITE_USER_TO_SESSION, new SessionUserParams(session, ""), ErrorCode.INVALID_PARAMS);
        assertEquals(1, Events.timeline(bobDesk.drain()).size(), "nothing was sent");
    }

    @Test
    void approvingWithoutBeingTheOwnerIs1303() throws Exception {
        cydDesk.call(Methods.JOIN_SESSION, new SessionRef(session));
        SessionUserParams request = new SessionUserParams(session, cyd.userId());
        bobDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, request, ErrorCode.NOT_SESSION_OWNER);
        bobDesk.refused(Methods.DENY_USER_JOIN_SESSION, request, ErrorCode.NOT_SESSION_OWNER);
        cydDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, request, ErrorCode.NOT_A_MEMBER);
        cydDesk.refused(Methods.GET_SESSION, new SessionRef(session), ErrorCode.NOT_A_MEMBER);
    }

    @Test
    void acceptingAnInvitationThatDoesNotExistIs1304() throws Exception {
        cydDesk.refused(Methods.ACCEPT_JOIN_SESSION_APPROVAL, new SessionRef(session), ErrorCode.NO_SUCH_REQUEST);
        cydDesk.refused(Methods.DECLINE_SESSION_INVITATION, new SessionRef(session), ErrorCode.NO_SUCH_REQUEST);
        adaDesk.refused(Methods.ALLOW_USER_JOIN_SESSION, new SessionUserParams(session, cyd.userId()),
                ErrorCode.NO_SUCH_REQUEST);
    }

    @Test
    void anOversizedMessageIs1305AndAnEmptyOneInvalid() throws Exception {
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(),
                "x".repeat(SendMessageParams.MAX_TEXT_BYTES + 1)), ErrorCode.MESSAGE_TOO_LARGE);
        // 5,462 euro signs are 16,386 bytes of UTF-8, though only 5,462 characters
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "€".repeat(5462)),
                ErrorCode.MESSAGE_TOO_LARGE);
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), " \n\t "),
                ErrorCode.INVALID_PARAMS);
        adaDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(),
                "x".repeat(SendMessageParams.MAX_TEXT_BYTES)));
        assertEquals(2, Events.timeline(bobDesk.drain()).size(), "created, and the message at the limit");
    }

    @Test
    void reusingAMessageIdForAnotherTextIs1308() throws Exception {
        String id = world.messageId();
        adaDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, id, "first"));
        adaDesk.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, id, "second"), ErrorCode.MESSAGE_ID_REUSED);
        // the id is the sender's: another user may use the same one
        bobDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, id, "second"));
    }

    @Test
    void everyMethodNeedsALogin() throws Exception {
        ChatClient stranger = world.anonymous();
        SessionRef ref = new SessionRef(session);
        SessionUserParams user = new SessionUserParams(session, bob.userId());
        ErrorCode login = ErrorCode.NOT_LOGGED_IN;
        stranger.refused(Methods.NEW_SESSION, NewSessionRequest.group("x", false, List.of()), login);
        stranger.refused(Methods.GET_SESSION, ref, login);
        stranger.refused(Methods.LIST_SESSIONS, new ListSessionsParams(), login);
        stranger.refused(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "x"), login);
        stranger.refused(Methods.FETCH_EVENTS, new FetchEventsParams(List.of(), 0, 0), login);
        stranger.refused(Methods.JOIN_SESSION, ref, login);
        stranger.refused(Methods.ALLOW_USER_JOIN_SESSION, user, login);
        stranger.refused(Methods.DENY_USER_JOIN_SESSION, user, login);
        stranger.refused(Methods.INVITE_USER_TO_SESSION, user, login);
        stranger.refused(Methods.ACCEPT_JOIN_SESSION_APPROVAL, ref, login);
        stranger.refused(Methods.DECLINE_SESSION_INVITATION, ref, login);
        stranger.refused(Methods.LEAVE_SESSION, ref, login);
        stranger.refused(Methods.REMOVE_USER_FROM_SESSION, user, login);
        stranger.refused(Methods.RENAME_SESSION, new RenameSessionParams(session, "x"), login);
    }

    @Test
    void badMembersAreRefused() throws Exception {
        adaDesk.refused(Methods.NEW_SESSION, NewSessionRequest.group("x", false, List.of("nobodyAtAllxxxxxxxxxxx")),
                ErrorCode.UNKNOWN_USER);
        adaDesk.refused(Methods.NEW_SESSION, NewSessionRequest.group(" ", false, List.of()), ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.NEW_SESSION, new NewSessionRequest(null, false, List.of(bob.userId(), cyd.userId()),
                true), ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.NEW_SESSION, NewSessionRequest.direct(ada.userId(), false), ErrorCode.INVALID_PARAMS);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= NewSessionRequest.MAX_INITIAL_MEMBERS; i++) {
            tooMany.add("user" + i);
        }
        adaDesk.refused(Methods.NEW_SESSION, NewSessionRequest.group("x", false, tooMany), ErrorCode.INVALID_PARAMS);
        adaDesk.refused(Methods.INVITE_USER_TO_SESSION, new SessionUserParams(session, "nobodyAtAllxxxxxxxxxxx"),
                ErrorCode.UNKNOWN_USER);
        assertEquals(1, adaDesk.call(Methods.LIST_SESSIONS, new ListSessionsParams()).sessions().size(),
                "no session was made");
    }

    @Test
    void fetchParametersOutOfBoundsAreInvalid() throws Exception {
        List<Long> tooManyAcks = LongStream.rangeClosed(1, FetchEventsParams.MAX_LIMIT + 1).boxed().toList();
        ErrorCode invalid = ErrorCode.INVALID_PARAMS;
        bobDesk.refused(Methods.FETCH_EVENTS, new FetchEventsParams(tooManyAcks, 0, 0), invalid);
        bobDesk.refused(Methods.FETCH_EVENTS, new FetchEventsParams(List.of(), FetchEventsParams.MAX_LIMIT + 1, 0),
                invalid);
        bobDesk.refused(Methods.FETCH_EVENTS, new FetchEventsParams(List.of(), -1, 0), invalid);
        bobDesk.refused(Methods.FETCH_EVENTS, new FetchEventsParams(List.of(), 0, -1), invalid);
        bobDesk.refused(Methods.FETCH_EVENTS, new FetchEventsParams(List.of(), 0,
                FetchEventsParams.MAX_WAIT_SECONDS + 1), invalid);
        assertEquals(1, bobDesk.fetch(List.of()).size(), "the created entry is still there");
    }

    @Test
    void anotherDevicesQueueIdsAreIgnored() throws Exception {
        long bobsItem = bobDesk.fetch(List.of()).get(0).queueId();
        adaDesk.fetch(List.of(bobsItem));
        assertEquals(List.of(bobsItem), Events.ids(bobDesk.fetch(List.of())));
    }

    @Test
    void aConnectionHoldsOnlyAFewWaitingFetches() throws Exception {
        bobDesk.drain();
        List<CompletableFuture<FetchEventsResult>> waiting = new ArrayList<>();
        for (int i = 0; i < SessionService.MAX_WAITS_PER_CONNECTION; i++) {
            waiting.add(bobDesk.fetchWaiting(List.of(), FetchEventsParams.MAX_WAIT_SECONDS));
        }
        bobDesk.barrier();
        RpcException busy = bobDesk.refused(Methods.FETCH_EVENTS, new FetchEventsParams(List.of(), 0, 5),
                ErrorCode.TOO_MANY_FETCHES);
        assertTrue(busy.getMessage().contains("waiting"), busy.getMessage());

        adaDesk.call(Methods.SEND_MESSAGE, new SendMessageParams(session, world.messageId(), "for all of them"));
        for (CompletableFuture<FetchEventsResult> each : waiting) {
            assertEquals(1, each.get(ChatClient.patience().toSeconds(), TimeUnit.SECONDS).events().size());
        }
    }
}
