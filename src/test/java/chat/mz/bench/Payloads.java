package chat.mz.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Payloads for posts: random bytes from a fixed seed, so every run sends the same bytes. Both phases draw from
 * one instance, in order.
 */
final class Payloads {
    private final SplittableRandom bytes = new SplittableRandom(20_260_101L);
    private final int size;

    Payloads(int size) {
        this.size = size;
    }

    /** A payload that only has to be told apart from "no payload". */
    byte[] next() {
        byte[] payload = new byte[size];
        bytes.nextBytes(payload);
        return payload;
    }

    /** A payload that starts with {@code index}, so no two sessions of a phase post the same bytes. */
    byte[] numbered(int index) {
        byte[] payload = next();
        ByteBuffer.wrap(payload).putInt(index);
        return payload;
    }
}
