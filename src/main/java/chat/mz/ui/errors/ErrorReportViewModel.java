package chat.mz.ui.errors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The error dialog's state: the plain explanation, where the log is, how many problems came while
 * it was open, and the details a user can copy into a bug report (version, system, time and the
 * stack traces). Call on the JavaFX thread.
 */
public final class ErrorReportViewModel {
    public static final String TITLE = "Something went wrong";
    public static final String EXPLANATION = "mzchat ran into a problem it did not expect. Your messages and keys "
            + "are safe. If it keeps happening, please send the details to the developers.";
    /** Stack traces kept for the details; more problems are counted but not copied. */
    static final int KEPT = 5;

    /** What a report says about the system it came from. */
    public record Environment(String version, String os, String java) {
        public Environment {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(os, "os");
            Objects.requireNonNull(java, "java");
        }

        /** This JVM's facts, with the app's {@code version}. */
        public static Environment current(String version) {
            return new Environment(version, System.getProperty("os.name", "?") + " "
                    + System.getProperty("os.version", "") + " ("
                    + System.getProperty("os.arch", "") + ")",
                    System.getProperty("java.runtime.version",
                            System.getProperty("java.version", "?")) + " ("
                            + System.getProperty("java.vendor", "") + ")");
        }
    }

    private record Problem(Instant at, String thread, Throwable error) {
    }

    private final Environment environment;
    private final Path logFile;
    private final Clock clock;
    private final List<Problem> kept = new ArrayList<>();
    private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper(this, "count", 0);
    private final ReadOnlyStringWrapper countText = new ReadOnlyStringWrapper(this, "countText", "");

    /**
     * @param environment the version and system the details name
     * @param logFile     the log file the dialog points to
     * @param clock       dates each problem
     */
    public ErrorReportViewModel(Environment environment, Path logFile, Clock clock) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.logFile = Objects.requireNonNull(logFile, "logFile");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds a problem: the first opens the dialog, later ones are counted into it. */
    public void report(String thread, Throwable error) {
        Objects.requireNonNull(error, "error");
        if (kept.size() < KEPT) {
            kept.add(new Problem(clock.instant(), thread, error));
        }
        count.set(count.get() + 1);
        int more = count.get() - 1;
        countText.set(more == 0 ? "" : more == 1 ? "It happened once more since this opened."
                : "It happened " + more + " more times since this opened.");
    }

    public String title() {
        return TITLE;
    }

    public String explanation() {
        return EXPLANATION;
    }

    /** The log file's full path, shown so that it can be selected and copied. */
    public String logFile() {
        return logFile.toAbsolutePath().toString();
    }

    /** How many problems this report holds. */
    public ReadOnlyIntegerProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    /** "It happened 2 more times since this opened.", or empty for the first. */
    public ReadOnlyStringProperty countTextProperty() {
        return countText.getReadOnlyProperty();
    }

    /** What "Copy details" puts on the clipboard. */
    public String details() {
        StringBuilder text = new StringBuilder();
        text.append("mzchat ").append(environment.version()).append('\n');
        text.append("OS: ").append(environment.os()).append('\n');
        text.append("Java: ").append(environment.java()).append('\n');
        text.append("Log: ").append(logFile()).append('\n');
        text.append("Problems: ").append(count.get());
        if (count.get() > kept.size()) {
            text.append(" (the first ").append(kept.size()).append(" follow)");
        }
        text.append('\n');
        for (Problem problem : kept) {
            text.append('\n').append("Time: ").append(problem.at()).append(", thread: ").append(problem.thread())
                    .append('\n').append(stackTrace(problem.error()));
        }
        return text.toString();
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            error.printStackTrace(writer);
        }
        return out.toString();
    }
}
