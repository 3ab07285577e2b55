package chat.mz.bench;

import java.util.Locale;

/** How figures are written in the table and rounded in {@code mailbox.json}. */
final class Units {
    private Units() {
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.3f ms" : "%.1f ms", millis);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.2f KB", bytes / 1024.0);
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    /** Nanoseconds as milliseconds rounded to {@code places}, for JSON. */
    static double roundMillis(long nanos, int places) {
        return round(LatencyStats.millis(nanos), places);
    }
}
