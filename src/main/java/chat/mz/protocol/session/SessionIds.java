package chat.mz.protocol.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The shapes of session ids (chosen by the homeserver) and message ids (chosen by the sending
 * device, so that resending a message after a lost answer cannot store it twice): 16 to 64 URL-safe
 * characters. New ones carry 128 random bits.
 */
public final class SessionIds {
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 64;
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9_-]+");

    private SessionIds() {
    }

    public static boolean isWellFormed(String id) {
        return id != null && id.length() >= MIN_LENGTH && id.length() <= MAX_LENGTH && URL_SAFE.matcher(id).matches();
    }

    /** 22 characters of unpadded base64url from 16 random bytes. */
    public static String random(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
