package chat.mz.protocol.pairing;

import chat.mz.protocol.JsonCodec;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;

/**
 * Writes and reads {@link PairingMessage}s as UTF-8 JSON through the one wire codec, so they are
 * read as strictly as frames: duplicate keys, unknown members, missing or null fields, type coercion
 * and trailing data are all refused. The peer that sent a message also authenticated it, so anything
 * refused here means a broken or hostile peer, not line noise.
 */
public final class PairingCodec {
    private final JsonCodec codec = new JsonCodec();

    /** The message as UTF-8 JSON. */
    public byte[] encode(PairingMessage message) {
        return codec.toJsonBytes(message);
    }

    /**
     * Reads one message.
     *
     * @throws IllegalArgumentException if the bytes are not exactly one well-formed message, with a
     *         sentence saying what is wrong
     */
    public PairingMessage decode(byte[] json) {
        try {
            return codec.fromJsonBytes(json, PairingMessage.class);
        } catch (ValueInstantiationException e) {
            String detail = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("The link message is malformed: " + detail + ".", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("The link message is malformed.", e);
        }
    }
}
