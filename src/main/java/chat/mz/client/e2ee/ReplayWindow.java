package chat.mz.client.e2ee;

import java.util.Arrays;

/**
 * What one sender device's messages in one session have used of their counters, as an immutable
 * value the history can store: the highest counter accepted and a bitmap of the {@link #size()}
 * counters up to it (IPsec's anti-replay window, RFC 4303 §3.4.3). Accepting a counter returns the
 * next window; nothing changes in place.
 *
 * <p>A counter above the highest is new. One within the window is new unless its bit is set. One
 * below the window is refused as {@link E2eeException.Reason#TOO_OLD}: remembering every counter
 * ever seen would grow without end, so a message delayed by more than {@code size} later messages of
 * the same device is dropped. Messages of one device reach a receiver in the order the homeserver
 * numbered them, and a device sends in order, so only a message held back in the sender's outbox
 * while {@code size} others went past it is lost that way. The default of 1024 costs 138 bytes
 * stored per sender device and session; a history imported from the user's own devices is
 * deduplicated by message id and does not go through a window.
 *
 * @param highest the highest counter accepted, 0 when none yet
 * @param seen    the bitmap, {@code size / 64} words: bit {@code i} (bit {@code i % 64} of word
 *                {@code i / 64}) is set when counter {@code highest - i} was accepted
 */
public record ReplayWindow(long highest, long[] seen) {
    public static final int DEFAULT_SIZE = 1024;
    public static final int MAX_SIZE = 64 * 64;
    static final int FORMAT_VERSION = 1;

    /** @throws IllegalArgumentException if the state is not one a window can reach */
    public ReplayWindow {
        if (highest < 0) {
            throw new IllegalArgumentException("the highest counter is at least 0");
        }
        if (seen == null || seen.length == 0 || seen.length * 64 > MAX_SIZE) {
            throw new IllegalArgumentException("a window holds 64 to " + MAX_SIZE + " counters, in steps of 64");
        }
        seen = seen.clone();
        if (!consistent(highest, seen)) {
            throw new IllegalArgumentException("the bitmap does not match the highest counter");
        }
    }

    /** A window that has seen nothing, of {@code size} counters (a multiple of 64, up to {@link #MAX_SIZE}). */
    public static ReplayWindow empty(int size) {
        if (size < 64 || size > MAX_SIZE || size % 64 != 0) {
            throw new IllegalArgumentException("a window holds 64 to " + MAX_SIZE + " counters, in steps of 64");
        }
        return new ReplayWindow(0, new long[size / 64]);
    }

    /** How many counters up to the highest the window tells apart. */
    public int size() {
        return seen.length * 64;
    }

    /** A copy of the bitmap. */
    @Override
    public long[] seen() {
        return seen.clone();
    }

    /**
     * Whether {@code counter} would be accepted.
     *
     * @throws E2eeException {@link E2eeException.Reason#REPLAYED} if it was accepted before,
     *         {@link E2eeException.Reason#TOO_OLD} if it lies below the window
     */
    public void check(long counter) throws E2eeException {
        if (counter < 1) {
            throw new IllegalArgumentException("message counters start at 1, not " + counter);
        }
        if (counter > highest) {
            return;
        }
        long back = highest - counter;
        if (back >= size()) {
            throw new E2eeException(E2eeException.Reason.TOO_OLD, "This message arrived too late to be told apart "
                    + "from a replayed one; it was ignored.");
        }
        if (isSet(seen, back)) {
            throw new E2eeException(E2eeException.Reason.REPLAYED, "This message was received before; the second "
                    + "copy was ignored.");
        }
    }

    /**
     * The window after accepting {@code counter}.
     *
     * @throws E2eeException as {@link #check}
     */
    public ReplayWindow accept(long counter) throws E2eeException {
        check(counter);
        long[] next;
        long nextHighest;
        if (counter > highest) {
            next = shifted(seen, counter - highest);
            nextHighest = counter;
            next[0] |= 1L;
        } else {
            next = seen.clone();
            long back = highest - counter;
            next[(int) (back >>> 6)] |= 1L << (back & 63);
            nextHighest = highest;
        }
        return new ReplayWindow(nextHighest, next);
    }

    /** The stored form: a version byte, the number of words, the highest counter, the words; 138 bytes for 1024. */
    public byte[] encode() {
        Wire.Writer out = new Wire.Writer(2 + Long.BYTES * (1 + seen.length)).u8(FORMAT_VERSION).u8(seen.length)
                .int64(highest);
        for (long word : seen) {
            out.int64(word);
        }
        return out.toByteArray();
    }

    /**
     * Reads the stored form.
     *
     * @throws E2eeException {@link E2eeException.Reason#MALFORMED} or
     *         {@link E2eeException.Reason#UNSUPPORTED_VERSION} if it is not one {@link #encode} wrote
     */
    public static ReplayWindow decode(byte[] encoded) throws E2eeException {
        if (encoded == null) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "The replay window is missing.");
        }
        Wire.Reader in = new Wire.Reader(encoded, "replay window");
        int version = in.u8("version");
        if (version != FORMAT_VERSION) {
            throw new E2eeException(E2eeException.Reason.UNSUPPORTED_VERSION, "The replay window is of version "
                    + version + ", which this app does not know.");
        }
        int words = in.u8("size");
        long highest = in.int64("highest counter");
        if (words < 1 || words * 64 > MAX_SIZE) {
            throw in.malformed("a window of " + words + " words");
        }
        long[] seen = new long[words];
        for (int i = 0; i < words; i++) {
            seen[i] = in.int64("bitmap");
        }
        in.end();
        try {
            return new ReplayWindow(highest, seen);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    /** The bitmap moved {@code by} counters further back: what was bit {@code i} becomes bit {@code i + by}. */
    private static long[] shifted(long[] bits, long by) {
        long[] out = new long[bits.length];
        if (by >= bits.length * 64L) {
            return out;
        }
        int words = (int) (by >>> 6);
        int rest = (int) (by & 63);
        for (int i = bits.length - 1; i >= words; i--) {
            long word = bits[i - words] << rest;
            if (rest != 0 && i - words - 1 >= 0) {
                word |= bits[i - words - 1] >>> (64 - rest);
            }
            out[i] = word;
        }
        return out;
    }

    private static boolean isSet(long[] bits, long index) {
        return (bits[(int) (index >>> 6)] & (1L << (index & 63))) != 0;
    }

    /** The newest counter is always marked, and nothing is marked for counters below 1. */
    private static boolean consistent(long highest, long[] bits) {
        if (highest == 0) {
            return isClearFrom(bits, 0);
        }
        return isSet(bits, 0) && (highest >= bits.length * 64L || isClearFrom(bits, highest));
    }

    /** Whether every bit from {@code from} up is clear. */
    private static boolean isClearFrom(long[] bits, long from) {
        int word = (int) (from >>> 6);
        if ((bits[word] & (-1L << (from & 63))) != 0) {
            return false;
        }
        for (int i = word + 1; i < bits.length; i++) {
            if (bits[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReplayWindow that && highest == that.highest && Arrays.equals(seen, that.seen);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(highest) + Arrays.hashCode(seen);
    }

    @Override
    public String toString() {
        return "ReplayWindow[highest=" + highest + ", size=" + size() + "]";
    }
}
