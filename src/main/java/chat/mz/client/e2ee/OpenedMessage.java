package chat.mz.client.e2ee;

import java.util.Arrays;
import java.util.Objects;

/**
 * A room message that {@link RoomCipher#open} authenticated and decrypted.
 *
 * @param header    the header, now known to come from the device whose key checked the signature
 * @param plaintext what the sender sealed; {@code toString} shows only its length
 */
public record OpenedMessage(MessageHeader header, byte[] plaintext) {
    public OpenedMessage {
        Objects.requireNonNull(header, "header");
        plaintext = plaintext.clone();
    }

    /** A copy of the plaintext. */
    @Override
    public byte[] plaintext() {
        return plaintext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OpenedMessage that && header.equals(that.header)
                && Arrays.equals(plaintext, that.plaintext);
    }

    @Override
    public int hashCode() {
        return header.hashCode();
    }

    @Override
    public String toString() {
        return "OpenedMessage[header=" + header + ", plaintext=" + plaintext.length + " bytes]";
    }
}
