package chat.mz.protocol.mailbox;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A link session's id: at least 128 random bits written in the URL-safe base64 alphabet, so it fits
 * a QR code's URL path unescaped and cannot be guessed.
 */
public record MailboxSessionId(String value) {
    /** 22 characters of 6 bits each carry 132 bits, the shortest length that holds 128. */
    public static final int MIN_LENGTH = 22;
    public static final int MAX_LENGTH = 128;
    private static final int RANDOM_BYTES = 16;
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9_-]+");

    public MailboxSessionId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new RpcException(ErrorCode.MAILBOX_SESSION_ID_INVALID);
        }
    }

    public static boolean isWellFormed(String value) {
        return value.length() >= MIN_LENGTH && value.length() <= MAX_LENGTH && URL_SAFE.matcher(value).matches();
    }

    /** A new id from 128 bits of the given random source. */
    public static MailboxSessionId random(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new MailboxSessionId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A short prefix for logs: enough to tell sessions apart, too little to join one. */
    public String redacted() {
        return value.substring(0, 4) + "…";
    }

    @Override
    public String toString() {
        return redacted();
    }
}
