package chat.mz.history;

/**
 * Where a page of search results ended; pass it to {@link History#search(String, int, SearchKey)}
 * for the next, older page. Opaque to callers.
 */
public record SearchKey(long sortTimeMillis, long entryId) {
    /** Before everything: the first page. */
    static final SearchKey NEWEST = new SearchKey(Long.MAX_VALUE, Long.MAX_VALUE);
}
