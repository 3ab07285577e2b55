package chat.mz.client.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Homeserver lookups for many users, a few dozen at a time: a group of a thousand is looked up
 * without a thousand calls in flight at once on one connection.
 */
final class Batches {
    /** Lookups in flight at once. */
    static final int AT_ONCE = 32;

    private Batches() {
    }

    /** Starts {@code start} for each item, {@link #AT_ONCE} at a time; completes when all have, failing if one did. */
    static <T> CompletableFuture<Void> each(List<T> items, Function<T, CompletableFuture<?>> start) {
        List<T> all = List.copyOf(items);
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < all.size(); from += AT_ONCE) {
            List<T> part = all.subList(from, Math.min(all.size(), from + AT_ONCE));
            chain = chain.thenCompose(ignored -> CompletableFuture.allOf(part.stream().map(start)
                    .toArray(CompletableFuture[]::new)));
        }
        return chain;
    }
}
