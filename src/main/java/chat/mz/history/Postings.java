package chat.mz.history;

import java.util.Arrays;

/**
 * A list of search postings, each a (sort time, entry id) key, newest first. On disk a list is
 * cut into parts of at most {@link #PART_SIZE} postings, each packed as variable-length deltas from
 * the posting before it, which takes three to five bytes a posting instead of a row of its own.
 */
final class Postings {
    /** Postings per stored part: small enough that a newest-first page decodes little, large enough to pack well. */
    static final int PART_SIZE = 512;

    private long[] keys = new long[16];
    private int size;

    /** Adds one posting; the order is fixed by {@link #sortNewestFirst()}. */
    void add(long sortTime, long entryId) {
        if (2 * size == keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[2 * size] = sortTime;
        keys[2 * size + 1] = entryId;
        size++;
    }

    /** Adds every posting of a stored part. */
    void addAll(byte[] part) {
        Reader reader = new Reader(part);
        while (reader.next()) {
            add(reader.sortTime(), reader.entryId());
        }
    }

    int size() {
        return size;
    }

    /** Orders the postings newest first and drops repeats of a key. */
    void sortNewestFirst() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compare(keys[2 * b], keys[2 * b + 1], keys[2 * a], keys[2 * a + 1]));
        long[] sorted = new long[Math.max(2 * size, 2)];
        int kept = 0;
        for (int i = 0; i < size; i++) {
            long time = keys[2 * order[i]];
            long id = keys[2 * order[i] + 1];
            if (kept > 0 && sorted[2 * kept - 2] == time && sorted[2 * kept - 1] == id) {
                continue;
            }
            sorted[2 * kept] = time;
            sorted[2 * kept + 1] = id;
            kept++;
        }
        keys = sorted;
        size = kept;
    }

    /** Number of parts {@link #part} cuts the (sorted) list into. */
    int parts() {
        return (size + PART_SIZE - 1) / PART_SIZE;
    }

    /** Part {@code index} of the sorted list, part 0 holding the newest postings. */
    byte[] part(int index) {
        int from = index * PART_SIZE;
        return encode(from, Math.min(size, from + PART_SIZE));
    }

    /** The whole sorted list packed as one part. */
    byte[] whole() {
        return encode(0, size);
    }

    private byte[] encode(int from, int to) {
        byte[] out = new byte[(to - from) * 20];
        int at = 0;
        long time = 0;
        long id = 0;
        for (int i = from; i < to; i++) {
            long nextTime = keys[2 * i];
            long nextId = keys[2 * i + 1];
            // the first posting of a part is stored whole, so a part decodes without the ones before it
            at = writeVarLong(out, at, i == from ? zigzag(nextTime) : time - nextTime);
            at = writeVarLong(out, at, zigzag(nextId - id));
            time = nextTime;
            id = nextId;
        }
        return Arrays.copyOf(out, at);
    }

    /** Newest-first order of keys: negative when (t1, e1) is older than (t2, e2). */
    static int compare(long t1, long e1, long t2, long e2) {
        int byTime = Long.compare(t1, t2);
        return byTime != 0 ? byTime : Long.compare(e1, e2);
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static int writeVarLong(byte[] out, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    /** Decodes one stored part, newest posting first. */
    static final class Reader {
        private final byte[] data;
        private int at;
        private boolean started;
        private long sortTime;
        private long entryId;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean next() {
            if (at >= data.length) {
                return false;
            }
            long time = readVarLong();
            long id = readVarLong();
            sortTime = started ? sortTime - time : unzigzag(time);
            entryId += unzigzag(id);
            started = true;
            return true;
        }

        long sortTime() {
            return sortTime;
        }

        long entryId() {
            return entryId;
        }

        private long readVarLong() {
            long value = 0;
            int shift = 0;
            while (true) {
                byte b = data[at++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
                shift += 7;
            }
        }
    }
}
