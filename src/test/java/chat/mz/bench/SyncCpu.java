package chat.mz.bench;

import chat.mz.client.Subscription;
import chat.mz.testing.MessagingWorld.User;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device-sync bench's CPU meter: the CPU a round took, the process's less the harness's own thread, and
 * by thread; each device's messenger thread by the device's name (all four run on threads of the same name),
 * the other threads by their name with the numbers taken out, and what the process spent outside its Java
 * threads (garbage collection, the JIT compilers) apart.
 */
final class SyncCpu {
    static final String HARNESS = "bench harness";
    /** What the process spent outside its Java threads: garbage collection, the JIT compilers. */
    static final String JVM = "JVM's own threads (GC, JIT compilers)";
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<Long, String> groups = new ConcurrentHashMap<>();
    /** The thread that made the meter: the harness, whose own waiting is not the devices' work. */
    private final long harness = Thread.currentThread().getId();

    record Snapshot(long process, Map<Long, Long> threads) {
    }

    /** Learns {@code device}'s messenger thread from the events it publishes there. */
    Subscription watchMessenger(User device, String group) {
        return device.messenger().events().subscribe(event -> {
            if (Thread.currentThread().getName().equals("mzchat-messenger")) {
                groups.putIfAbsent(Thread.currentThread().getId(), group);
            }
        });
    }

    long messengers() {
        return groups.values().stream().filter(g -> g.endsWith(" messenger")).count();
    }

    Snapshot snapshot() {
        long process = os.getProcessCpuTime();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return new Snapshot(process, cpu);
    }

    /** Adds what was spent since {@code before} to {@code tally}, as one round. */
    void add(Snapshot before, Tally tally) {
        Snapshot after = snapshot();
        long harnessNanos = 0;
        for (Map.Entry<Long, Long> thread : after.threads().entrySet()) {
            long spent = thread.getValue() - before.threads().getOrDefault(thread.getKey(), 0L);
            String group = group(thread.getKey());
            if (group.equals(HARNESS)) {
                harnessNanos += spent;
            } else if (spent > 0) {
                tally.byThread.merge(group, spent, Long::sum);
            }
        }
        long process = after.process() - before.process() - harnessNanos;
        long javaThreads = 0;
        for (Map.Entry<Long, Long> thread : after.threads().entrySet()) {
            if (!group(thread.getKey()).equals(HARNESS)) {
                javaThreads += Math.max(0, thread.getValue() - before.threads().getOrDefault(thread.getKey(), 0L));
            }
        }
        // What the process spent beyond its Java threads ran on threads the JVM does not list: GC, JIT.
        if (process > javaThreads) {
            tally.byThread.merge(JVM, process - javaThreads, Long::sum);
        }
        tally.processNanos += process;
        tally.rounds++;
    }

    private String group(long id) {
        return groups.computeIfAbsent(id, key -> {
            if (key == harness) {
                return HARNESS;
            }
            ThreadInfo info = threads.getThreadInfo(key);
            // pool threads differ only by number: one group for the pool
            return info == null ? "(ended)" : info.getThreadName().replaceAll("\\d+", "#");
        });
    }

    /** The CPU of a phase's measured rounds. */
    static final class Tally {
        final Map<String, Long> byThread = new HashMap<>();
        long processNanos;
        int rounds;

        int rounds() {
            return Math.max(rounds, 1);
        }

        double perRoundMillis() {
            return LatencyStats.millis((double) processNanos / rounds());
        }

        double perRoundMillis(String group) {
            return LatencyStats.millis((double) byThread.getOrDefault(group, 0L) / rounds());
        }

        /** Nanoseconds by thread group, the largest first. */
        Map<String, Long> byGroup() {
            Map<String, Long> sorted = new LinkedHashMap<>();
            byThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rounds", rounds);
            json.put("process_ms_per_round", Units.round(perRoundMillis(), 3));
            Map<String, Object> threads = new LinkedHashMap<>();
            byGroup().forEach((group, nanos) -> threads.put(group,
                    Units.round(LatencyStats.millis((double) nanos / rounds()), 3)));
            json.put("by_thread_ms_per_round", threads);
            return json;
        }
    }
}
