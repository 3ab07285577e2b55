package chat.mz.protocol.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * A room key wrapped to one member device, as {@code send_room_key} and
 * {@code allow_user_join_session} carry it.
 *
 * @param userId     the member
 * @param deviceId   the member's device the key is wrapped to
 * @param wrappedKey base64, at most {@link #MAX_WRAPPED_CHARS} characters: the key and its creation
 *                   time, RSA-OAEP-SHA256 encrypted to that device's encryption key, the OAEP label
 *                   binding session, epoch, user and device
 * @param signature  base64, at most {@link #MAX_SIGNATURE_CHARS} characters: the sending device's
 *                   Ed25519 signature over the new key's session, epoch, creation time, its sender
 *                   and a commitment to the key, the same for every recipient, so the homeserver
 *                   cannot hand out a key of its own ({@code chat.mz.client.e2ee.RoomKeyWrap})
 */
public record WrappedRoomKey(
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String userId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String deviceId,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String wrappedKey,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String signature) {
    /** An RSA-3072 ciphertext is 384 bytes, 512 in base64; room for a larger key later. */
    public static final int MAX_WRAPPED_CHARS = 1024;
    /** An Ed25519 signature is 64 bytes, 88 in base64. */
    public static final int MAX_SIGNATURE_CHARS = 128;
}
