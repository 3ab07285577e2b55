package chat.mz.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.Methods;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendMessageResult;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionEventKind;
import chat.mz.protocol.session.SessionRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The queues and the timeline survive a homeserver restart in the middle of a burst of sends. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SessionRestartTest {
    private static final int BURST = 60;

    @TempDir
    Path data;

    private ChatWorld world;

    @BeforeEach
    void setUp() {
        world = new ChatWorld(data);
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void nothingAcknowledgedIsLostAndNothingIsStoredTwice() throws Exception {
        ChatUser ada = world.register("ada");
        ChatUser bob = world.register("bob");
        ChatClient adaDesk = world.login(ada, 0);
        ChatClient bobDesk = world.login(bob, 0);
        String session = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", false,
                List.of(bob.userId()))).sessionId();
        List<SendMessageParams> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(new SendMessageParams(session, world.messageId(), "before " + i));
            adaDesk.call(Methods.SEND_MESSAGE, before.get(i));
        }
        List<QueuedEvent> firstItems = bobDesk.fetch(List.of());
        assertEquals(6, firstItems.size());
        // bob stores the created entry and the first two messages; the other three stay unacknowledged
        bobDesk.fetch(Events.ids(firstItems.subList(0, 3)));

        List<SendMessageParams> burst = new ArrayList<>();
        List<CompletableFuture<SendMessageResult>> answers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            burst.add(new SendMessageParams(session, world.messageId(), "burst " + i));
            answers.add(adaDesk.callAsync(Methods.SEND_MESSAGE, burst.get(i)));
        }
        answers.get(BURST / 4).get(ChatClient.patience().toSeconds(), TimeUnit.SECONDS);
        world.restart();

        // the client resends every send it has no answer for, with the same message id
        ChatClient adaAgain = world.login(ada, 0);
        int resent = 0;
        for (int i = 0; i < BURST; i++) {
            if (!answered(answers.get(i))) {
                adaAgain.call(Methods.SEND_MESSAGE, burst.get(i));
                resent++;
            }
        }
        assertTrue(resent > 0, "the restart came in the middle of the burst");
        SendMessageResult first = answers.get(0).get();
        assertEquals(first, adaAgain.call(Methods.SEND_MESSAGE, burst.get(0)), "a resend after the restart too");

        List<String> received = new ArrayList<>();
        for (SessionEvent event : Events.timeline(world.login(bob, 0).drain())) {
            received.add(event.messageId());
        }
        List<String> expected = new ArrayList<>();
        before.subList(2, 5).forEach(m -> expected.add(m.messageId()));
        burst.forEach(m -> expected.add(m.messageId()));
        assertEquals(new HashSet<>(expected), new HashSet<>(received), "every message, the acknowledged ones not again");
        assertEquals(expected.size(), received.size(), "no message twice");
        long lastSeq = adaAgain.call(Methods.GET_SESSION, new SessionRef(session)).lastSeq();
        assertEquals(1 + before.size() + BURST, lastSeq, "each message stored once, seqs without gaps");
        assertTrue(Events.of(adaAgain.fetch(List.of()), SessionEventKind.MESSAGE).isEmpty(),
                "the sending device got none of its own messages");
    }

    private static boolean answered(CompletableFuture<SendMessageResult> answer) throws InterruptedException {
        try {
            answer.get(ChatClient.patience().toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a send was neither answered nor failed", e);
        }
    }
}
