package chat.mz.app;

import chat.mz.ui.errors.ErrorDialog;
import chat.mz.ui.errors.ErrorReportViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an error nobody caught, on any thread (the JavaFX thread included: JavaFX hands an
 * event handler's exception to the thread's handler and carries on). It is always logged with its
 * stack trace. Before the window exists it is also told on standard error; once the window is up,
 * one "Something went wrong" dialog opens, and errors that come while it is open are counted into it
 * instead of stacking dialogs.
 */
final class UncaughtErrors implements Thread.UncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UncaughtErrors.class);

    private final Path logFile;
    private final Clock clock;
    /** The window dialogs belong to; null while there is none (then errors go to standard error). */
    private final Supplier<Window> owner;
    private Thread.UncaughtExceptionHandler previous;
    private Thread fxThread;
    private Thread.UncaughtExceptionHandler previousOnFxThread;
    /** The dialog open now, if any; touched on the JavaFX thread only. */
    private ErrorDialog open;
    /** Set while a dialog is being built, so that a failure there is logged rather than shown again. */
    private boolean opening;

    private UncaughtErrors(Path logFile, Clock clock, Supplier<Window> owner) {
        this.logFile = Objects.requireNonNull(logFile, "logFile");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owner = owner;
    }

    /** For the time before the toolkit is up: the log and standard error. */
    static UncaughtErrors console(Path logFile) {
        return new UncaughtErrors(logFile, Clock.systemUTC(), null);
    }

    /** Once the window is up: the log and one dialog over {@code owner}. */
    static UncaughtErrors withDialog(Path logFile, Clock clock, Supplier<Window> owner) {
        return new UncaughtErrors(logFile, clock, Objects.requireNonNull(owner, "owner"));
    }

    /**
     * Becomes the handler for every thread, and for the current one (call on the JavaFX thread to
     * cover it even where a handler was set on it directly).
     */
    UncaughtErrors install() {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(this);
        if (owner != null) {
            fxThread = Thread.currentThread();
            previousOnFxThread = fxThread.getUncaughtExceptionHandler();
            fxThread.setUncaughtExceptionHandler(this);
        }
        return this;
    }

    /** Puts back the handlers that were there before {@link #install()}, and closes the dialog. */
    void uninstall() {
        if (Thread.getDefaultUncaughtExceptionHandler() == this) {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        if (fxThread != null && fxThread.getUncaughtExceptionHandler() == this) {
            // null means "the thread group's", which is what it was unless someone had set one
            fxThread.setUncaughtExceptionHandler(previousOnFxThread == fxThread.getThreadGroup() ? null
                    : previousOnFxThread);
        }
        if (open != null && Platform.isFxApplicationThread()) {
            open.close();
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        LOG.error("Unexpected error on thread {}", thread.getName(), error);
        if (owner == null) {
            System.err.println("mzchat ran into a problem it did not expect. The details are in " + logFile);
            return;
        }
        if (Platform.isFxApplicationThread()) {
            show(thread.getName(), error);
            return;
        }
        try {
            Platform.runLater(() -> show(thread.getName(), error));
        } catch (IllegalStateException toolkitGone) {
            System.err.println("mzchat ran into a problem it did not expect. The details are in " + logFile);
        }
    }

    /** On the JavaFX thread: into the open dialog, or a new one. */
    private void show(String thread, Throwable error) {
        if (open != null && open.isShowing()) {
            open.report(thread, error);
            return;
        }
        if (opening) {
            return;
        }
        opening = true;
        try {
            ErrorReportViewModel report = new ErrorReportViewModel(
                    ErrorReportViewModel.Environment.current(Version.current()), logFile, clock);
            report.report(thread, error);
            open = new ErrorDialog(report, owner.get());
            open.show();
        } catch (RuntimeException failure) {
            // the error is in the log already; showing it failed too, and that is logged, not shown
            LOG.error("Could not show the error dialog", failure);
        } finally {
            opening = false;
        }
    }
}
