package chat.mz.server.session;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SendRoomKeyParams;
import chat.mz.protocol.session.SessionSettingsParams;
import chat.mz.protocol.session.WrappedRoomKey;
import chat.mz.server.store.DeviceKey;
import chat.mz.server.store.OutgoingMessage;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape checks of the encryption parameters, made before anything touches the database. Byte
 * strings are only checked to be base64 of the allowed size: the homeserver never opens them.
 */
final class RoomKeyChecks {
    /** Longer than any device id; refused before it reaches a query. */
    private static final int MAX_DEVICE_ID_LENGTH = 64;

    private RoomKeyChecks() {
    }

    /** The message to store: its text, or its ciphertext and key epoch. */
    static OutgoingMessage message(SendMessageParams params, String messageId) {
        if (params.text() != null && params.ciphertext() != null) {
            throw invalid("Give either \"text\" or \"ciphertext\", not both.");
        }
        if (!params.isEncrypted()) {
            if (params.keyEpoch() != null) {
                throw invalid("Parameter \"key_epoch\" belongs to an encrypted message (\"ciphertext\").");
            }
            return OutgoingMessage.plain(messageId, SessionChecks.text(params.text()));
        }
        if (params.ciphertext().length() > SendMessageParams.MAX_CIPHERTEXT_CHARS) {
            throw new RpcException(ErrorCode.MESSAGE_TOO_LARGE, "The encrypted message is too long (at most "
                    + SendMessageParams.MAX_CIPHERTEXT_CHARS + " characters of base64).");
        }
        base64("ciphertext", params.ciphertext(), SendMessageParams.MAX_CIPHERTEXT_CHARS);
        if (params.keyEpoch() == null) {
            throw invalid("Parameter \"key_epoch\" is required with \"ciphertext\".");
        }
        if (params.keyEpoch() < 0) {
            throw invalid("Parameter \"key_epoch\" must not be negative.");
        }
        return OutgoingMessage.encrypted(messageId, params.ciphertext(), params.keyEpoch());
    }

    /** The keys of {@code send_room_key}, each to a different device. */
    static List<WrappedRoomKey> keys(SendRoomKeyParams params) {
        return wrapped("keys", params.keys());
    }

    /** The {@code room_keys} of {@code allow_user_join_session}; none when left out. */
    static List<WrappedRoomKey> roomKeys(List<WrappedRoomKey> keys) {
        return keys == null ? List.of() : wrapped("room_keys", keys);
    }

    private static List<WrappedRoomKey> wrapped(String parameter, List<WrappedRoomKey> keys) {
        if (keys.size() > SendRoomKeyParams.MAX_KEYS) {
            throw invalid("Parameter \"" + parameter + "\" may hold at most " + SendRoomKeyParams.MAX_KEYS + " keys.");
        }
        Set<DeviceKey> seen = new HashSet<>();
        for (WrappedRoomKey key : keys) {
            if (key == null) {
                throw invalid("Parameter \"" + parameter + "\" must hold room keys, not null.");
            }
            SessionChecks.userId("user_id", key.userId());
            if (key.deviceId().isEmpty() || key.deviceId().length() > MAX_DEVICE_ID_LENGTH) {
                throw invalid("Parameter \"device_id\" must be a device id.");
            }
            base64("wrapped_key", key.wrappedKey(), WrappedRoomKey.MAX_WRAPPED_CHARS);
            base64("signature", key.signature(), WrappedRoomKey.MAX_SIGNATURE_CHARS);
            if (!seen.add(new DeviceKey(key.userId(), key.deviceId()))) {
                throw invalid("Parameter \"" + parameter + "\" names device " + key.deviceId() + " twice.");
            }
        }
        return keys;
    }

    /** The rotation period, when given: 0 or a minute to a year. */
    static Long rotationSeconds(SessionSettingsParams params) {
        Long seconds = params.rotationSeconds();
        if (seconds != null && seconds != 0 && (seconds < SessionSettingsParams.MIN_ROTATION_SECONDS
                || seconds > SessionSettingsParams.MAX_ROTATION_SECONDS)) {
            throw invalid("Parameter \"rotation_seconds\" must be 0 (no limit) or "
                    + SessionSettingsParams.MIN_ROTATION_SECONDS + " to " + SessionSettingsParams.MAX_ROTATION_SECONDS
                    + ".");
        }
        return seconds;
    }

    private static void base64(String parameter, String value, int maxChars) {
        if (value.isEmpty() || value.length() > maxChars) {
            throw invalid("Parameter \"" + parameter + "\" must be 1 to " + maxChars + " characters of base64.");
        }
        try {
            Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid("Parameter \"" + parameter + "\" must be base64.");
        }
    }

    private static RpcException invalid(String message) {
        return new RpcException(ErrorCode.INVALID_PARAMS, message);
    }
}
