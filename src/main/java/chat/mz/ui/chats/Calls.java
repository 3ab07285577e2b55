package chat.mz.ui.chats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Runs a {@link ChatAccount} call on the background executor and its outcome on the UI executor, and
 * turns failures into sentences.
 */
final class Calls {
    private final Executor uiThread;
    private final Executor background;

    Calls(Executor uiThread, Executor background) {
        this.uiThread = uiThread;
        this.background = background;
    }

    /** Calls {@code work} off the UI thread; {@code then} gets the value or the failure on the UI thread. */
    <T> void run(Supplier<CompletionStage<T>> work, BiConsumer<T, Throwable> then) {
        CompletableFuture.supplyAsync(work, background).thenCompose(stage -> stage)
                .whenComplete((value, failure) -> uiThread.execute(() -> then.accept(value,
                        failure == null ? null : unwrap(failure))));
    }

    void ui(Runnable task) {
        uiThread.execute(task);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The failure as a sentence the user can read. */
    static String sentence(Throwable failure) {
        Throwable cause = unwrap(failure);
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return "Something went wrong (" + cause.getClass().getSimpleName() + ").";
        }
        message = message.strip();
        return message.endsWith(".") || message.endsWith("?") || message.endsWith("!") ? message : message + ".";
    }
}
