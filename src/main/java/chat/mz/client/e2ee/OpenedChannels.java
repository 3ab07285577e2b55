package chat.mz.client.e2ee;

import chat.mz.crypto.Bytes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sync channel keys this device has unwrapped lately, by their wrap: a sender that keeps one
 * {@link SyncEnvelope.Channel} for a while costs this device one RSA decryption per channel instead
 * of one per event. In memory only, the least recently used dropped (and wiped) past
 * {@link #CAPACITY}. Thread-safe.
 */
public final class OpenedChannels {
    /** Far more channels than an account has sibling devices. */
    static final int CAPACITY = 64;

    private final Map<ByteBuffer, byte[]> keys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, byte[]> eldest) {
            if (size() > CAPACITY) {
                Bytes.wipe(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    /** A copy of the key unwrapped from {@code wrapped} under {@code label} before, or null. */
    synchronized byte[] get(byte[] label, byte[] wrapped) {
        byte[] key = keys.get(id(label, wrapped));
        return key == null ? null : key.clone();
    }

    synchronized void put(byte[] label, byte[] wrapped, byte[] key) {
        keys.put(id(label, wrapped), key.clone());
    }

    /** Forgets and wipes every key. */
    public synchronized void clear() {
        keys.values().forEach(Bytes::wipe);
        keys.clear();
    }

    private static ByteBuffer id(byte[] label, byte[] wrapped) {
        byte[] joined = Arrays.copyOf(label, label.length + wrapped.length);
        System.arraycopy(wrapped, 0, joined, label.length, wrapped.length);
        return ByteBuffer.wrap(joined);
    }
}
