package chat.mz.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.Methods;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SessionEvent;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.session.SessionRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A homeserver process killed (SIGKILL) in the middle of a burst of sends keeps everything it
 * answered: every send answered before the kill is delivered once, at the seq it was answered with;
 * resending the unanswered ones with their message ids ends with every message exactly once, in seq
 * order; and nothing a device acknowledged (and was answered for) is handed to it again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KilledHomeserverTest {
    private static final int BURST = 2000;
    /** Answered sends before the kill is sent; the burst goes on while the process dies. */
    private static final int KILL_AFTER = 1000;
    private static final String NAME = "chat.example.test";
    private static final int WAIT_SECONDS = 1;
    /** Sends in flight at once, as several devices sending together have: writes get shared. */
    private static final int WINDOW = 16;

    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path folder;

    @Test
    void everyAnsweredChangeSurvivesTheKill() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        Path home = Files.createDirectories(folder.resolve("home"));
        ChatUser ada = ChatUser.create("ada", random);
        ChatUser bob = ChatUser.create("bob", random);
        List<SendMessageParams> burst = new ArrayList<>();
        String session;
        Map<String, Long> answeredBeforeKill;
        Receiver bobBefore;
        try (HomeserverProcess first = HomeserverProcess.start(data, home, NAME)) {
            try (ChatClient anonymous = ChatClient.connect(first.uri())) {
                anonymous.call(Methods.REGISTER, ada.registerParams());
                anonymous.call(Methods.REGISTER, bob.registerParams());
            }
            try (ChatClient adaDesk = ChatClient.connect(first.uri()).login(ada, ada.device(0));
                 ChatClient bobDesk = ChatClient.connect(first.uri()).login(bob, bob.device(0))) {
                session = adaDesk.call(Methods.NEW_SESSION, NewSessionRequest.group("Crag", false,
                        List.of(bob.userId()))).sessionId();
                for (int i = 0; i < BURST; i++) {
                    burst.add(new SendMessageParams(session, SessionIds.random(random), "burst " + i));
                }
                bobBefore = new Receiver(bobDesk);
                Thread receiving = new Thread(bobBefore::receiveUntilCut, "bob-receiving");
                receiving.start();
                AtomicInteger answers = new AtomicInteger();
                answeredBeforeKill = send(adaDesk, burst, () -> {
                    if (answers.incrementAndGet() == KILL_AFTER) {
                        first.killNow();
                    }
                }, new ArrayList<>());
                first.awaitExit();
                receiving.join(ChatClient.patience().toMillis());
                assertFalse(receiving.isAlive(), "bob's fetches ended with the process");
            }
        }
        assertTrue(answeredBeforeKill.size() >= KILL_AFTER && answeredBeforeKill.size() < BURST,
                "the kill came in the middle of the burst (" + answeredBeforeKill.size() + " answered)");
        assertFalse(bobBefore.confirmedAcks.isEmpty(), "bob acknowledged items before the kill");

        Map<String, Long> resent;
        long highestAnsweredResent;
        long lastSeq;
        List<QueuedEvent> bobAfter = new ArrayList<>();
        try (HomeserverProcess second = HomeserverProcess.start(data, home, NAME);
             ChatClient adaAgain = ChatClient.connect(second.uri()).login(ada, ada.device(0));
             ChatClient bobAgain = ChatClient.connect(second.uri()).login(bob, bob.device(0))) {
            List<SendMessageParams> unanswered = burst.stream()
                    .filter(message -> !answeredBeforeKill.containsKey(message.messageId())).toList();
            List<Throwable> refusals = new ArrayList<>();
            resent = send(adaAgain, unanswered, () -> { }, refusals);
            assertEquals(unanswered.size(), resent.size(), () -> "every resend answered; refused: "
                    + refusals.stream().limit(3).toList() + "\nthe homeserver wrote:\n" + second.output());
            String highest = answeredBeforeKill.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow()
                    .getKey();
            highestAnsweredResent = adaAgain.call(Methods.SEND_MESSAGE, burst.stream()
                    .filter(message -> message.messageId().equals(highest)).findFirst().orElseThrow()).seq();
            List<Long> ack = List.of();
            while (true) {
                List<QueuedEvent> batch = bobAgain.fetch(ack);
                if (batch.isEmpty()) {
                    break;
                }
                bobAfter.addAll(batch);
                ack = Events.ids(batch);
            }
            lastSeq = adaAgain.call(Methods.GET_SESSION, new SessionRef(session)).lastSeq();
        }

        Set<Long> handedAgain = new HashSet<>(Events.ids(bobAfter));
        handedAgain.retainAll(bobBefore.confirmedAcks);
        assertEquals(Set.of(), handedAgain, "items acknowledged before the kill are not handed out again");

        // bob's view as the client's history keeps it: each queue item once, in the order it came
        Map<Long, SessionEvent> byQueueId = new LinkedHashMap<>();
        List<QueuedEvent> everything = new ArrayList<>(bobBefore.received);
        everything.addAll(bobAfter);
        for (QueuedEvent item : everything) {
            assertEquals(QueuedEventType.SESSION_EVENT, item.type(), "bob only gets timeline entries");
            SessionEvent earlier = byQueueId.putIfAbsent(item.queueId(), item.event());
            if (earlier != null) {
                assertEquals(earlier, item.event(), "queue item " + item.queueId() + " handed out again is the same");
            }
        }
        List<Long> seqs = new ArrayList<>();
        Map<String, Long> bobSeqs = new HashMap<>();
        for (SessionEvent event : byQueueId.values()) {
            seqs.add(event.seq());
            if (event.messageId() != null) {
                Long before = bobSeqs.put(event.messageId(), event.seq());
                assertNull(before, "message " + event.messageId() + " queued for bob once");
            }
        }
        List<Long> expectedSeqs = new ArrayList<>();
        for (long seq = 1; seq <= 1 + BURST; seq++) {
            expectedSeqs.add(seq);
        }
        assertEquals(expectedSeqs, seqs, "bob has the created entry and every message once, in seq order");
        for (Map.Entry<String, Long> answered : answeredBeforeKill.entrySet()) {
            assertEquals(answered.getValue(), bobSeqs.get(answered.getKey()),
                    "a send answered before the kill reached bob at the seq it was answered with");
        }
        for (Map.Entry<String, Long> answered : resent.entrySet()) {
            assertEquals(answered.getValue(), bobSeqs.get(answered.getKey()), "a resent message reached bob");
        }
        assertEquals(Collections.max(answeredBeforeKill.values()), highestAnsweredResent,
                "resending the send answered with the highest seq before the kill answers that seq again");
        assertEquals(1 + BURST, lastSeq, "each message stored once, seqs without gaps");
    }

    /**
     * Sends with up to {@link #WINDOW} calls in flight and stops at the first that fails, as a client
     * stops when its connection drops; answers the seq of each message answered, by message id, and
     * adds what failed to {@code failures}.
     */
    private static Map<String, Long> send(ChatClient client, List<SendMessageParams> messages, Runnable afterAnswer,
                                          List<Throwable> failures) throws InterruptedException {
        Map<String, Long> answered = new ConcurrentHashMap<>();
        Semaphore window = new Semaphore(WINDOW);
        AtomicBoolean cut = new AtomicBoolean();
        for (SendMessageParams message : messages) {
            if (!window.tryAcquire(ChatClient.patience().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("sends were neither answered nor failed");
            }
            if (cut.get()) {
                window.release();
                break;
            }
            client.callAsync(Methods.SEND_MESSAGE, message).whenComplete((result, failure) -> {
                if (failure == null) {
                    answered.put(message.messageId(), result.seq());
                    afterAnswer.run();
                } else {
                    synchronized (failures) {
                        failures.add(failure);
                    }
                    cut.set(true);
                }
                window.release();
            });
        }
        if (!window.tryAcquire(WINDOW, ChatClient.patience().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("sends were neither answered nor failed");
        }
        return answered;
    }

    /**
     * Bob's device as the client runs it: a waiting fetch after another, each acknowledging what the
     * one before brought (the client stores a batch before it acknowledges it), until the connection
     * is cut.
     */
    private static final class Receiver {
        private final ChatClient client;
        // both read by the test only once the receiving thread has ended
        /** Every item handed out, in order, repeats included. */
        final List<QueuedEvent> received = new ArrayList<>();
        /** Queue ids whose acknowledgement the homeserver answered. */
        final Set<Long> confirmedAcks = new HashSet<>();

        Receiver(ChatClient client) {
            this.client = client;
        }

        void receiveUntilCut() {
            List<Long> ack = List.of();
            while (true) {
                FetchEventsResult answer;
                try {
                    answer = client.fetchWaiting(ack, WAIT_SECONDS).get(ChatClient.patience().toMillis(),
                            TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                confirmedAcks.addAll(ack);
                received.addAll(answer.events());
                ack = Events.ids(answer.events());
            }
        }
    }
}
