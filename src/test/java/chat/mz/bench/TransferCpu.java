package chat.mz.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The history-transfer bench's CPU meter for one round: the CPU of the sending and receiving devices'
 * messenger threads, of the whole process (both clients and the homeserver, the harness included), GC
 * time, and the process's CPU by thread, the JVM's own GC and JIT compiler threads included on Linux.
 *
 * <p>Not {@link SyncCpu}: that one leaves the harness's thread out and puts everything outside the Java
 * threads in one group, where this one reads the JVM's GC and JIT threads from {@code /proc} and
 * leaves the rest (ended threads among it) as the remainder; the figures this bench has reported so
 * far stay comparable.
 */
final class TransferCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** The counters at the start of a round; the messenger threads are those the progress reports came on. */
    record Before(long senderThread, long receiverThread, long senderCpu, long receiverCpu, long processCpu,
                  long gcMillis, Map<Long, Long> threadCpu, Map<String, Long> jvmThreadCpu) {
    }

    /** What a round spent; {@code byThread} is grouped by thread name and sorted, the most first. */
    record Spent(long senderCpu, long receiverCpu, long processCpu, long gcMillis, Map<String, Long> byThread) {
    }

    /** Reads every counter before a round whose messenger threads are these two. */
    Before start(long senderThread, long receiverThread) {
        long senderCpu = threads.getThreadCpuTime(senderThread);
        long receiverCpu = threads.getThreadCpuTime(receiverThread);
        long processCpu = os.getProcessCpuTime();
        long gc = gcMillis();
        Map<Long, Long> cpuBefore = threadCpu();
        Map<String, Long> jvmBefore = jvmThreadCpu();
        return new Before(senderThread, receiverThread, senderCpu, receiverCpu, processCpu, gc, cpuBefore,
                jvmBefore);
    }

    /** What was spent since {@code before}. */
    Spent since(Before before) {
        long senderCpu = threads.getThreadCpuTime(before.senderThread()) - before.senderCpu();
        long receiverCpu = threads.getThreadCpuTime(before.receiverThread()) - before.receiverCpu();
        long processCpu = os.getProcessCpuTime() - before.processCpu();
        long gc = gcMillis() - before.gcMillis();
        Map<String, Long> byThread = cpuByThread(before.threadCpu(), before.jvmThreadCpu(), before.senderThread(),
                before.receiverThread(), processCpu);
        return new Spent(senderCpu, receiverCpu, processCpu, gc, byThread);
    }

    /** The CPU time of every live thread by id. */
    private Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new LinkedHashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /**
     * The CPU the round took by thread, grouped by name with numbers left out, the two messenger
     * threads told apart, and the JVM's own GC and JIT threads (on Linux), most first; what none of
     * them accounts for (threads that ended, or everything of the JVM's own off Linux) is the rest of
     * the process's CPU.
     */
    private Map<String, Long> cpuByThread(Map<Long, Long> before, Map<String, Long> jvmBefore, long senderThread,
                                          long receiverThread, long processCpu) {
        Map<String, Long> groups = new HashMap<>();
        long accounted = 0;
        for (Map.Entry<Long, Long> now : threadCpu().entrySet()) {
            long used = now.getValue() - before.getOrDefault(now.getKey(), 0L);
            ThreadInfo info = threads.getThreadInfo(now.getKey());
            if (used <= 0 || info == null) {
                continue;
            }
            // both clients' messengers run on threads of the same name: told apart by the ids the reports came on
            String name = now.getKey() == senderThread ? "desktop messenger"
                    : now.getKey() == receiverThread ? "new device messenger"
                    : info.getThreadName().replaceAll("[0-9]+", "#");
            groups.merge(name, used, Long::sum);
            accounted += used;
        }
        for (Map.Entry<String, Long> now : jvmThreadCpu().entrySet()) {
            long used = now.getValue() - jvmBefore.getOrDefault(now.getKey(), 0L);
            if (used > 0) {
                groups.merge(now.getKey(), used, Long::sum);
                accounted += used;
            }
        }
        groups.put("(rest: ended threads, other JVM threads)", Math.max(0, processCpu - accounted));
        Map<String, Long> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /**
     * The CPU of the JVM's own GC and JIT compiler threads, which no {@link ThreadMXBean} sees: from
     * {@code /proc/self/task} on Linux (clock ticks of 10 ms), nothing elsewhere.
     */
    private static Map<String, Long> jvmThreadCpu() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return cpu;
        }
        List<Path> all;
        try (Stream<Path> list = Files.list(tasks)) {
            all = list.toList();
        } catch (IOException e) {
            return cpu;
        }
        for (Path task : all) {
            String stat;
            try {
                stat = Files.readString(task.resolve("stat"));
            } catch (IOException e) {
                continue; // the thread ended meanwhile
            }
            // the name may hold spaces and parentheses: it runs from the first '(' to the last ')'
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open) {
                continue;
            }
            String name = stat.substring(open + 1, close);
            String group = name.startsWith("GC Thread") || name.startsWith("G1 ") ? "JVM: GC threads"
                    : name.contains("CompilerThre") ? "JVM: JIT compiler threads" : null;
            if (group == null) {
                continue;
            }
            // after the name: state, then fields 4 and on; utime and stime are fields 14 and 15
            String[] fields = stat.substring(close + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            cpu.merge(group, ticks * 10_000_000L, Long::sum);
        }
        return cpu;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }
}
