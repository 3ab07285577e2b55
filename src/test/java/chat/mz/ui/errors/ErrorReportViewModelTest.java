package chat.mz.ui.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the error dialog says and what "Copy details" copies, without a window. */
class ErrorReportViewModelTest {
    private static final ErrorReportViewModel.Environment HERE =
            new ErrorReportViewModel.Environment("1.2.3", "Linux 6.1 (amd64)", "17.0.15 (Eclipse Adoptium)");
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:15:30Z"));
    private final Path log = Path.of("/home/ada/.local/state/mzchat/logs/mzchat.log");

    @Test
    void detailsNameTheVersionTheSystemTheTimeAndTheStackTrace() {
        ErrorReportViewModel report = new ErrorReportViewModel(HERE, log, clock);
        report.report("JavaFX Application Thread", new IllegalStateException("the list lost its rows"));

        String details = report.details();
        assertTrue(details.startsWith("mzchat 1.2.3\nOS: Linux 6.1 (amd64)\nJava: 17.0.15 (Eclipse Adoptium)\n"),
                details);
        assertTrue(details.contains("Log: " + log), details);
        assertTrue(details.contains("Time: 2026-03-01T10:15:30Z, thread: JavaFX Application Thread"), details);
        assertTrue(details.contains("java.lang.IllegalStateException: the list lost its rows"), details);
        assertTrue(details.contains("\tat chat.mz.ui.errors.ErrorReportViewModelTest."), "the stack trace: " + details);
        assertEquals(log.toString(), report.logFile());
        assertEquals("Something went wrong", report.title());
        assertTrue(report.explanation().contains("Your messages and keys are safe."));
        assertEquals("", report.countTextProperty().get(), "nothing to count for the first problem");
    }

    @Test
    void laterProblemsAreCountedIntoTheSameReport() {
        ErrorReportViewModel report = new ErrorReportViewModel(HERE, log, clock);
        report.report("main", new IllegalStateException("first"));
        clock.advance(Duration.ofSeconds(3));
        report.report("mzchat-desktop", new IllegalArgumentException("second", new java.io.IOException("disk")));

        assertEquals(2, report.countProperty().get());
        assertEquals("It happened once more since this opened.", report.countTextProperty().get());
        String details = report.details();
        assertTrue(details.contains("Problems: 2\n"), details);
        assertTrue(details.indexOf("IllegalStateException: first") < details.indexOf("IllegalArgumentException: second"));
        assertTrue(details.contains("Time: 2026-03-01T10:15:33Z, thread: mzchat-desktop"), details);
        assertTrue(details.contains("Caused by: java.io.IOException: disk"), details);

        report.report("main", new RuntimeException("third"));
        assertEquals("It happened 2 more times since this opened.", report.countTextProperty().get());
    }

    @Test
    void aFloodOfProblemsIsCountedButOnlyTheFirstFewAreCopied() {
        ErrorReportViewModel report = new ErrorReportViewModel(HERE, log, clock);
        for (int i = 1; i <= 40; i++) {
            report.report("main", new IllegalStateException("problem " + i));
        }
        String details = report.details();
        assertEquals(40, report.countProperty().get());
        assertTrue(details.contains("Problems: 40 (the first " + ErrorReportViewModel.KEPT + " follow)"), details);
        assertTrue(details.contains("problem " + ErrorReportViewModel.KEPT + "\n"));
        assertFalse(details.contains("problem " + (ErrorReportViewModel.KEPT + 1) + "\n"));
    }
}
