package chat.mz.client.pairing;

import chat.mz.crypto.Bytes;
import chat.mz.protocol.mailbox.MailboxSessionId;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the authorized device's QR code carries: the homeserver, a new mailbox session and a 32-byte
 * pairing secret, written as {@code https://HOST[:PORT]/qr/login/SESSION_ID#SECRET} (plain
 * {@code http://} for a {@code ws://} homeserver such as the embedded one on loopback).
 *
 * <p>The secret travels in the URL's fragment, which browsers and HTTP clients never send to a
 * server, and mzchat only ever connects to {@link #websocketUri()}, which has no fragment: the
 * homeserver never learns the secret. {@link #toString()} leaves it out, so an invitation that ends
 * up in a log gives nothing away.
 *
 * @param websocketUri the homeserver, {@code ws://} or {@code wss://}, without query or fragment
 * @param sessionId    the SyncMailbox session both devices use
 * @param secret       32 random bytes from which the link's keys are derived (copied in and out)
 */
public record LinkInvitation(URI websocketUri, MailboxSessionId sessionId, byte[] secret) {
    /** Length of the pairing secret. */
    public static final int SECRET_BYTES = 32;
    /** The path segment before the session id: links read {@code /qr/login/<session_id>}. */
    static final String QR_PATH = "/qr/login/";

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

    public LinkInvitation {
        Objects.requireNonNull(sessionId, "sessionId");
        websocketUri = checkHomeserver(websocketUri);
        if (secret == null || secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("the pairing secret must be " + SECRET_BYTES + " bytes");
        }
        secret = secret.clone();
    }

    /** A new session id and secret for a homeserver, both drawn from {@code random}. */
    public static LinkInvitation create(URI websocketUri, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        MailboxSessionId id = MailboxSessionId.random(random);
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        try {
            return new LinkInvitation(websocketUri, id, secret);
        } finally {
            Bytes.wipe(secret);
        }
    }

    /**
     * Reads a link as {@link #url()} writes it.
     *
     * @throws IllegalArgumentException with a sentence a person can act on when the text is not a
     *         complete device link
     */
    public static LinkInvitation parse(String link) {
        if (link == null || link.isBlank()) {
            throw new IllegalArgumentException("The device link is empty.");
        }
        URI uri;
        try {
            uri = new URI(link.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("This is not a device link: it is not a valid web address.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("This is not a device link: it must start with https://"
                    + " (or http:// for a homeserver on this computer).");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("This is not a device link: its address is not a plain homeserver.");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int at = path.lastIndexOf(QR_PATH);
        if (at < 0) {
            throw new IllegalArgumentException("This is not a device link: its path must be /qr/login/<session>.");
        }
        String id = path.substring(at + QR_PATH.length());
        if (!MailboxSessionId.isWellFormed(id)) {
            throw new IllegalArgumentException("The device link's session id is damaged. Copy the whole link again.");
        }
        byte[] secret = decodeSecret(uri.getRawFragment());
        String wsScheme = scheme.equals("https") ? "wss" : "ws";
        try {
            return new LinkInvitation(URI.create(wsScheme + "://" + uri.getRawAuthority() + path.substring(0, at)),
                    new MailboxSessionId(id), secret);
        } finally {
            Bytes.wipe(secret);
        }
    }

    /** The text for the QR code: {@code http(s)://HOST[:PORT][/PREFIX]/qr/login/ID#SECRET}. */
    public String url() {
        String scheme = websocketUri.getScheme().equals("wss") ? "https" : "http";
        return scheme + "://" + websocketUri.getRawAuthority() + pathPrefix(websocketUri) + QR_PATH
                + sessionId.value() + "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** A copy of the secret; wipe it ({@code Bytes.wipe}) when done. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Compares the secret in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof LinkInvitation that && websocketUri.equals(that.websocketUri)
                && sessionId.equals(that.sessionId) && Bytes.constantTimeEquals(secret, that.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(websocketUri, sessionId);
    }

    /** Names the homeserver and a redacted session id; never the secret. */
    @Override
    public String toString() {
        return "LinkInvitation[websocketUri=" + websocketUri + ", sessionId=" + sessionId.redacted()
                + ", secret=(hidden)]";
    }

    private static URI checkHomeserver(URI uri) {
        Objects.requireNonNull(uri, "websocketUri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("the homeserver address must start with ws:// or wss://, not " + uri);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the homeserver address must be ws(s)://host[:port][/path], not "
                    + uri);
        }
        // one spelling per homeserver, so a parsed link equals the invitation it came from
        return URI.create(scheme + "://" + uri.getRawAuthority() + pathPrefix(uri));
    }

    /** The homeserver's path without a trailing slash: "" for {@code ws://h:1} and {@code ws://h:1/}. */
    private static String pathPrefix(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static byte[] decodeSecret(String fragment) {
        if (fragment == null || fragment.isEmpty()) {
            throw new IllegalArgumentException("The device link is missing its secret part (after the #). "
                    + "Copy the whole link, or scan the code again.");
        }
        byte[] secret = null;
        if (BASE64URL.matcher(fragment).matches()) {
            try {
                secret = Base64.getUrlDecoder().decode(fragment);
            } catch (IllegalArgumentException e) {
                secret = null;
            }
        }
        if (secret == null || secret.length != SECRET_BYTES) {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
            throw new IllegalArgumentException("The device link's secret part (after the #) is damaged or cut off. "
                    + "Copy the whole link, or scan the code again.");
        }
        return secret;
    }
}
