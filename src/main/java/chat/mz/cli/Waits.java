package chat.mz.cli;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a person-paced step (a link) with its own bound; failures surface as their own sentence. */
final class Waits {
    private Waits() {
    }

    /**
     * The stage's value within {@code bound}.
     *
     * @throws TimeoutException when the bound passes first
     * @throws Exception        the failure's innermost plain cause, as is
     */
    static <T> T await(CompletionStage<T> stage, Duration bound) throws Exception {
        try {
            return stage.toCompletableFuture().get(Math.max(1, bound.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof Exception plain) {
                throw plain;
            }
            throw e;
        }
    }
}
