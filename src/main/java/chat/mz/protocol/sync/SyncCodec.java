package chat.mz.protocol.sync;

import chat.mz.protocol.JsonCodec;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;

/**
 * Writes and reads {@link SyncEvent}s as UTF-8 JSON through the one wire codec, as strictly as
 * frames: duplicate keys, unknown members and type coercion are refused, and each record refuses
 * a missing field it needs (some, like a system line's sender device, are optional). The sending
 * device signed what it sent, so anything refused here comes from a newer app (an event type this
 * one does not know) or a broken one.
 */
public final class SyncCodec {
    private final JsonCodec codec = new JsonCodec();

    /** The event as UTF-8 JSON. */
    public byte[] encode(SyncEvent event) {
        return codec.toJsonBytes(event);
    }

    /**
     * Reads one event.
     *
     * @throws IllegalArgumentException if the bytes are not exactly one event this app knows, with
     *         a sentence saying what is wrong
     */
    public SyncEvent decode(byte[] json) {
        try {
            return codec.fromJsonBytesWithOptionalFields(json, SyncEvent.class);
        } catch (ValueInstantiationException e) {
            String detail = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("The sync event is malformed: " + detail + ".", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("The sync event is malformed or of a kind this app does not know.", e);
        }
    }
}
