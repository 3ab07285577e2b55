package chat.mz.history;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The postings of one or more terms over every index segment, newest first and each key once. Parts
 * are read from the file only when the walk reaches them, so the first page of a common word
 * reads one part per segment, not the whole list.
 */
final class PostingStream {
    private final PriorityQueue<Cursor> heap = new PriorityQueue<>(
            (a, b) -> Postings.compare(b.reader.sortTime(), b.reader.entryId(), a.reader.sortTime(),
                    a.reader.entryId()));
    private long sortTime;
    private long entryId;

    /**
     * @param before only postings older than this key
     * @return a stream positioned on its first posting, or null when there is none
     */
    static PostingStream open(List<IndexSegment> segments, List<String> terms, SearchKey before)
            throws SQLException {
        PostingStream stream = new PostingStream();
        for (IndexSegment segment : segments) {
            for (String term : terms) {
                IndexSegment.Parts parts = segment.postings(term);
                if (parts == null) {
                    continue;
                }
                Cursor cursor = new Cursor(parts);
                if (cursor.skipTo(before.sortTimeMillis(), before.entryId())) {
                    stream.heap.add(cursor);
                }
            }
        }
        return stream.next() ? stream : null;
    }

    long sortTime() {
        return sortTime;
    }

    long entryId() {
        return entryId;
    }

    /** Moves to the next older posting. @return false at the end */
    boolean next() throws SQLException {
        Cursor top = heap.poll();
        if (top == null) {
            return false;
        }
        sortTime = top.reader.sortTime();
        entryId = top.reader.entryId();
        requeue(top);
        // the same key in another segment or under another term of a prefix: one entry, one hit
        while (!heap.isEmpty() && heap.peek().at(sortTime, entryId)) {
            requeue(heap.poll());
        }
        return true;
    }

    /** Moves to the first posting not newer than the given key. @return false at the end */
    boolean seek(long time, long id) throws SQLException {
        while (Postings.compare(sortTime, entryId, time, id) > 0) {
            if (!next()) {
                return false;
            }
        }
        return true;
    }

    private void requeue(Cursor cursor) throws SQLException {
        if (cursor.next()) {
            heap.add(cursor);
        }
    }

    /**
     * The newest keys present in every stream, found by leapfrogging: each stream jumps to the
     * oldest current key until all agree. Streams are consumed.
     */
    static final class Intersection {
        private final List<PostingStream> streams;
        private boolean started;

        Intersection(List<PostingStream> streams) {
            this.streams = new ArrayList<>(streams);
        }

        /** @return the next shared key's stream (read its key), or null at the end */
        PostingStream next() throws SQLException {
            PostingStream first = streams.get(0);
            if (started && !first.next()) {
                return null;
            }
            started = true;
            while (true) {
                PostingStream oldest = first;
                for (PostingStream stream : streams) {
                    if (Postings.compare(stream.sortTime, stream.entryId, oldest.sortTime, oldest.entryId) < 0) {
                        oldest = stream;
                    }
                }
                long time = oldest.sortTime;
                long id = oldest.entryId;
                boolean agreed = true;
                for (PostingStream stream : streams) {
                    if (!stream.seek(time, id)) {
                        return null;
                    }
                    agreed &= stream.sortTime == time && stream.entryId == id;
                }
                if (agreed) {
                    return first;
                }
            }
        }
    }

    /** One term's list in one segment, part by part. */
    private static final class Cursor {
        private final IndexSegment.Parts parts;
        private int part;
        private Postings.Reader reader;

        Cursor(IndexSegment.Parts parts) {
            this.parts = parts;
        }

        boolean at(long time, long id) {
            return reader.sortTime() == time && reader.entryId() == id;
        }

        boolean next() throws SQLException {
            while (reader == null || !reader.next()) {
                byte[] data = parts.part(part++);
                if (data == null) {
                    return false;
                }
                reader = new Postings.Reader(data);
            }
            return true;
        }

        boolean skipTo(long time, long id) throws SQLException {
            while (next()) {
                if (Postings.compare(reader.sortTime(), reader.entryId(), time, id) < 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
