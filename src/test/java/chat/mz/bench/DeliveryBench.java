package chat.mz.bench;

import chat.mz.protocol.Methods;
import chat.mz.protocol.session.FetchEventsParams;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendMessageResult;
import chat.mz.server.session.ChatClient;
import chat.mz.server.session.ChatUser;
import chat.mz.server.session.ChatWorld;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Conversation delivery benchmark: a real {@link chat.mz.server.Homeserver} on loopback with its H2 file in a
 * temporary folder, one sender and the other members of one session, each member a device of its own that
 * reads its queue with waiting {@code fetch_events} calls and acknowledges what it got with the next one.
 *
 * <p>Each run has two phases on a fresh session: <em>paced</em> sends one message at a time and waits until every
 * member has it (end-to-end latency without queueing), <em>burst</em> keeps up to {@code window} sends in flight
 * (throughput: messages through the server per second, counted until the last member has the last message, and
 * latency under that load). Latency is from the send call to the moment a member's fetch answer with the message
 * arrives. The figures reported are the medians over the runs.
 *
 * <p>Prints a table and writes {@code delivery.json} into the folder given as the only argument. Exit status as
 * the other benches: 0 done, 1 harness failure, 2 bad arguments, 3 out of time. Sizes: system properties
 * {@code bench.delivery.members} (100, the sender included), {@code .paced} (100), {@code .burst} (500),
 * {@code .window} (32), {@code .runs} (3).
 */
public final class DeliveryBench {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(600);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final int members = Integer.getInteger("bench.delivery.members", 100);
    private final int paced = Integer.getInteger("bench.delivery.paced", 100);
    private final int burst = Integer.getInteger("bench.delivery.burst", 500);
    private final int window = Integer.getInteger("bench.delivery.window", 32);
    private final int runs = Integer.getInteger("bench.delivery.runs", 3);

    private DeliveryBench() {
    }

    public static void main(String[] args) {
        BenchMain.run("DeliveryBench", args, RUN_LIMIT, outputDir -> new DeliveryBench().run(outputDir));
    }

    /** One phase's figures. */
    private record Phase(int messages, int deliveries, double seconds, LatencyStats latency) {
        double messagesPerSecond() {
            return messages / seconds;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("messages", messages);
            json.put("deliveries", deliveries);
            json.put("seconds", Units.round(seconds, 3));
            json.put("messages_per_second", Units.round(messagesPerSecond(), 1));
            json.put("deliveries_per_second", Units.round(deliveries / seconds, 0));
            json.put("latency_p50_ms", Units.roundMillis(latency.p50Nanos(), 3));
            json.put("latency_p99_ms", Units.roundMillis(latency.p99Nanos(), 3));
            json.put("latency_max_ms", Units.roundMillis(latency.maxNanos(), 3));
            return json;
        }
    }

    private void run(Path outputDir) throws Exception {
        if (members < 2 || paced < 1 || burst < 1 || window < 1 || runs < 1) {
            throw new HarnessFailure("bench.delivery.members must be at least 2, the other sizes at least 1");
        }
        Instant startedAt = Instant.now();
        long runStart = System.nanoTime();
        System.out.printf(Locale.ROOT, "DeliveryBench: %d members, %d cores, max heap %s%n", members,
                Runtime.getRuntime().availableProcessors(), Units.mib(Runtime.getRuntime().maxMemory()));
        Path data = Files.createTempDirectory("mzchat-delivery-bench");
        List<Phase> pacedRuns = new ArrayList<>();
        List<Phase> burstRuns = new ArrayList<>();
        int receipts = 0;
        try (ChatWorld world = new ChatWorld(data)) {
            ChatUser sender = world.register("sender");
            List<ChatUser> others = new ArrayList<>();
            for (int i = 1; i < members; i++) {
                others.add(world.register("member" + i));
            }
            ChatClient senderDevice = world.login(sender, 0);
            List<ChatClient> devices = new ArrayList<>();
            for (ChatUser other : others) {
                devices.add(world.login(other, 0));
            }
            for (int run = 1; run <= runs; run++) {
                String session = senderDevice.call(Methods.NEW_SESSION, NewSessionRequest.group("Bench " + run, false,
                        others.stream().map(ChatUser::userId).toList())).sessionId();
                try (Readers readers = new Readers(devices)) {
                    readers.start();
                    Phase p = phase(world, senderDevice, session, readers, paced, 1);
                    Phase b = phase(world, senderDevice, session, readers, burst, window);
                    pacedRuns.add(p);
                    burstRuns.add(b);
                    System.out.printf(Locale.ROOT, "  run %d: paced p50 %.2f ms p99 %.2f ms; burst %.0f msg/s "
                                    + "(%.0f deliveries/s) p50 %.2f ms p99 %.2f ms%n", run,
                            LatencyStats.millis(p.latency().p50Nanos()), LatencyStats.millis(p.latency().p99Nanos()),
                            b.messagesPerSecond(), b.deliveries() / b.seconds(),
                            LatencyStats.millis(b.latency().p50Nanos()), LatencyStats.millis(b.latency().p99Nanos()));
                }
                receipts += deliveredReceipts(senderDevice);
            }
        } finally {
            deleteTree(data);
        }

        ResultTable table = new ResultTable();
        table.info("Session members (one device each, sender included)", String.valueOf(members));
        table.info("Runs (figures are medians)", String.valueOf(runs));
        table.info("Throughput, burst of " + burst + " (window " + window + ")",
                String.format(Locale.ROOT, "%.0f msg/s (%.0f deliveries/s)", median(burstRuns, Phase::messagesPerSecond),
                        median(burstRuns, ph -> ph.deliveries() / ph.seconds())));
        table.info("End-to-end latency, paced: p50", Units.ms(median(pacedRuns, ph -> ms(ph.latency().p50Nanos()))));
        table.info("End-to-end latency, paced: p99", Units.ms(median(pacedRuns, ph -> ms(ph.latency().p99Nanos()))));
        table.info("End-to-end latency, burst: p50", Units.ms(median(burstRuns, ph -> ms(ph.latency().p50Nanos()))));
        table.info("End-to-end latency, burst: p99", Units.ms(median(burstRuns, ph -> ms(ph.latency().p99Nanos()))));
        int sent = runs * (paced + burst);
        table.check("MessageDelivered receipts to the sender", receipts + " of " + sent, String.valueOf(sent),
                receipts == sent);
        System.out.println();
        System.out.print(table.render());
        System.out.println();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "ConversationDelivery");
        json.put("timestamp", startedAt.toString());
        json.put("duration_seconds", Units.round((System.nanoTime() - runStart) / 1e9, 1));
        json.put("environment", MailboxBench.environment());
        json.put("settings", Map.of("members", members, "paced_messages", paced, "burst_messages", burst,
                "window", window, "runs", runs));
        Map<String, Object> medians = new LinkedHashMap<>();
        medians.put("burst_messages_per_second", Units.round(median(burstRuns, Phase::messagesPerSecond), 1));
        medians.put("burst_deliveries_per_second", Units.round(median(burstRuns,
                ph -> ph.deliveries() / ph.seconds()), 0));
        medians.put("paced_latency_p50_ms", Units.round(median(pacedRuns, ph -> ms(ph.latency().p50Nanos())), 3));
        medians.put("paced_latency_p99_ms", Units.round(median(pacedRuns, ph -> ms(ph.latency().p99Nanos())), 3));
        medians.put("burst_latency_p50_ms", Units.round(median(burstRuns, ph -> ms(ph.latency().p50Nanos())), 3));
        medians.put("burst_latency_p99_ms", Units.round(median(burstRuns, ph -> ms(ph.latency().p99Nanos())), 3));
        json.put("medians", medians);
        json.put("receipts", Map.of("expected", sent, "received", receipts));
        json.put("paced_runs", pacedRuns.stream().map(Phase::toJson).toList());
        json.put("burst_runs", burstRuns.stream().map(Phase::toJson).toList());
        json.put("table", table.toJson());
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve("delivery.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        System.out.println("Results written to " + file.toAbsolutePath());
    }

    /** Sends {@code count} messages with up to {@code inFlight} unanswered, and waits until every member has all. */
    private Phase phase(ChatWorld world, ChatClient sender, String session, Readers readers, int count, int inFlight)
            throws Exception {
        Semaphore room = new Semaphore(inFlight);
        List<CompletableFuture<Void>> everywhere = new ArrayList<>(count);
        List<CompletableFuture<SendMessageResult>> answers = new ArrayList<>(count);
        readers.expect(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (!room.tryAcquire(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new HarnessFailure("no send was answered within " + PATIENCE.toSeconds() + " s");
            }
            String messageId = world.messageId();
            CompletableFuture<Void> delivered = readers.track(messageId, System.nanoTime());
            everywhere.add(delivered);
            CompletableFuture<SendMessageResult> answer = sender.callAsync(Methods.SEND_MESSAGE,
                    new SendMessageParams(session, messageId, "message " + i));
            answers.add(answer);
            if (inFlight == 1) {
                // paced: the next message goes once every member has this one
                answer.thenCompose(a -> delivered).whenComplete((v, e) -> room.release());
            } else {
                answer.whenComplete((v, e) -> room.release());
            }
        }
        try {
            CompletableFuture.allOf(Stream.concat(answers.stream(), everywhere.stream())
                    .toArray(CompletableFuture[]::new)).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new HarnessFailure("not every member got every message: " + readers.describe(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Phase(count, count * readers.size(), seconds, LatencyStats.of(readers.takeSamples()));
    }

    /**
     * The members' devices, each reading its queue in a loop of waiting fetches that acknowledge the previous
     * answer's items. The loops hold no thread: each answer sends the next call.
     */
    private static final class Readers implements AutoCloseable {
        private final List<ChatClient> devices;
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Void>> done = new ConcurrentHashMap<>();
        private final CompletableFuture<Void> failed = new CompletableFuture<>();
        private volatile boolean stopped;
        private long[] samples = new long[0];
        private int sampleCount;

        Readers(List<ChatClient> devices) {
            this.devices = devices;
        }

        int size() {
            return devices.size();
        }

        void start() {
            devices.forEach(device -> read(device, List.of()));
        }

        synchronized void expect(int messages) {
            samples = new long[messages * devices.size()];
            sampleCount = 0;
        }

        CompletableFuture<Void> track(String messageId, long sentNanos) {
            CompletableFuture<Void> everywhere = new CompletableFuture<>();
            done.put(messageId, everywhere);
            pending.put(messageId, new AtomicInteger(devices.size()));
            sentAt.put(messageId, sentNanos);
            failed.whenComplete((v, e) -> everywhere.completeExceptionally(e));
            return everywhere;
        }

        synchronized long[] takeSamples() {
            return Arrays.copyOf(samples, sampleCount);
        }

        String describe() {
            long open = pending.values().stream().filter(count -> count.get() > 0).count();
            return open + " messages still missing somewhere" + (failed.isCompletedExceptionally()
                    ? "; a fetch failed: " + failed.handle((v, e) -> e).join() : "");
        }

        private void read(ChatClient device, List<Long> ack) {
            if (stopped) {
                return;
            }
            device.callAsync(Methods.FETCH_EVENTS, new FetchEventsParams(ack, FetchEventsParams.MAX_LIMIT,
                    FetchEventsParams.MAX_WAIT_SECONDS)).whenComplete((result, failure) -> {
                        if (failure != null) {
                            if (!stopped) {
                                failed.completeExceptionally(failure);
                            }
                            return;
                        }
                        received(result, System.nanoTime());
                        read(device, result.events().stream().map(QueuedEvent::queueId).toList());
                    });
        }

        private void received(FetchEventsResult result, long at) {
            for (QueuedEvent item : result.events()) {
                if (item.type() != QueuedEventType.SESSION_EVENT || item.event().messageId() == null) {
                    continue;
                }
                String id = item.event().messageId();
                Long sent = sentAt.get(id);
                if (sent == null) {
                    continue;
                }
                synchronized (this) {
                    if (sampleCount < samples.length) {
                        samples[sampleCount++] = at - sent;
                    }
                }
                if (pending.get(id).decrementAndGet() == 0) {
                    done.get(id).complete(null);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            // a last round acknowledges what the loops still hold, so the next run starts with empty queues
            for (ChatClient device : devices) {
                drainQueue(device);
            }
        }
    }

    /** Reads and acknowledges the sender's whole queue; answers how many receipts were in it. */
    private static int deliveredReceipts(ChatClient sender) throws InterruptedException {
        int receipts = 0;
        List<Long> ack = List.of();
        while (true) {
            List<QueuedEvent> items = sender.call(Methods.FETCH_EVENTS, new FetchEventsParams(ack,
                    FetchEventsParams.MAX_LIMIT, 0)).events();
            if (items.isEmpty()) {
                return receipts;
            }
            receipts += (int) items.stream().filter(i -> i.type() == QueuedEventType.MESSAGE_DELIVERED).count();
            ack = items.stream().map(QueuedEvent::queueId).toList();
        }
    }

    private static void drainQueue(ChatClient device) throws InterruptedException {
        List<Long> ack = List.of();
        while (true) {
            List<QueuedEvent> items = device.call(Methods.FETCH_EVENTS, new FetchEventsParams(ack,
                    FetchEventsParams.MAX_LIMIT, 0)).events();
            if (items.isEmpty()) {
                return;
            }
            ack = items.stream().map(QueuedEvent::queueId).toList();
        }
    }

    private static double ms(long nanos) {
        return LatencyStats.millis(nanos);
    }

    private static double median(List<Phase> phases, java.util.function.ToDoubleFunction<Phase> figure) {
        double[] values = phases.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
