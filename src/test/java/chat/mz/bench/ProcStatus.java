package chat.mz.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory as Linux counts it in {@code /proc/PID/status}: resident set now and at its peak,
 * and the resident set split into anonymous memory (heap, stacks, malloc) and file pages (mapped jars,
 * libraries, the class data archive), which other processes may share.
 */
record ProcStatus(long rssBytes, long hwmBytes, long rssAnonBytes, long rssFileBytes) {

    static ProcStatus of(long pid) throws IOException {
        long rss = -1;
        long hwm = -1;
        long anon = -1;
        long file = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            } else if (line.startsWith("RssAnon:")) {
                anon = kib(line);
            } else if (line.startsWith("RssFile:")) {
                file = kib(line);
            }
        }
        if (rss < 0 || hwm < 0) {
            throw new IOException("no VmRSS/VmHWM for process " + pid + " (not Linux, or it has exited)");
        }
        return new ProcStatus(rss, hwm, anon, file);
    }

    /** "VmRSS:	  123456 kB" in bytes. */
    private static long kib(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }
}
