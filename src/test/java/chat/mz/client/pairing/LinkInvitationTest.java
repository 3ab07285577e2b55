package chat.mz.client.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.mailbox.MailboxSessionId;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkInvitationTest {
    private static final String ID = "AAECAwQFBgcICQoLDA0ODw";
    private static final byte[] SECRET = new byte[32];
    private static final String SECRET_TEXT;

    static {
        for (int i = 0; i < SECRET.length; i++) {
            SECRET[i] = (byte) (0xA0 + i);
        }
        SECRET_TEXT = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET);
    }

    @Test
    void aLoopbackHomeserverGetsAPlainHttpLinkThatReadsBackToTheSameInvitation() {
        LinkInvitation invitation = new LinkInvitation(URI.create("ws://127.0.0.1:8750"), new MailboxSessionId(ID),
                SECRET);

        String url = invitation.url();

        assertEquals("http://127.0.0.1:8750/qr/login/" + ID + "#" + SECRET_TEXT, url);
        LinkInvitation parsed = LinkInvitation.parse(url);
        assertEquals(invitation, parsed);
        assertEquals(URI.create("ws://127.0.0.1:8750"), parsed.websocketUri());
        assertEquals(ID, parsed.sessionId().value());
        assertArrayEquals(SECRET, parsed.secret());
    }

    @ParameterizedTest(name = "{0} ↔ {1}")
    @CsvSource({
            "wss://chat.example.org,          https://chat.example.org/qr/login/",
            "wss://chat.example.org:8443,     https://chat.example.org:8443/qr/login/",
            "ws://[::1]:8750,                 http://[::1]:8750/qr/login/",
            "wss://example.org/mzchat,        https://example.org/mzchat/qr/login/",
            "ws://localhost:1234,             http://localhost:1234/qr/login/",
    })
    void theWebSocketAddressAndTheLinkDeriveFromEachOther(String websocket, String linkPrefix) {
        LinkInvitation invitation = new LinkInvitation(URI.create(websocket), new MailboxSessionId(ID), SECRET);

        assertEquals(linkPrefix + ID + "#" + SECRET_TEXT, invitation.url());
        assertEquals(URI.create(websocket), LinkInvitation.parse(invitation.url()).websocketUri());
    }

    @Test
    void aTrailingSlashOnTheHomeserverIsTheSameHomeserver() {
        LinkInvitation invitation = new LinkInvitation(URI.create("wss://chat.example.org/"),
                new MailboxSessionId(ID), SECRET);

        assertEquals("https://chat.example.org/qr/login/" + ID + "#" + SECRET_TEXT, invitation.url());
        assertEquals(URI.create("wss://chat.example.org"), invitation.websocketUri());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "''                                                           | The device link is empty.",
            "not a link at all                                            | not a valid web address",
            "ftp://h/qr/login/" + ID + "#" + "x                           | must start with https://",
            "ws://h:1/qr/login/" + ID + "#s                               | must start with https://",
            "/qr/login/" + ID + "#s                                       | must start with https://",
            "https://u@h/qr/login/" + ID + "#s                            | not a plain homeserver",
            "https://h/qr/login/" + ID + "?x=1#s                          | not a plain homeserver",
            "https://h/qr/logout/" + ID + "#s                             | path must be /qr/login/",
            "https://h/qr/login/tooShort#s                                | session id is damaged",
            "https://h/qr/login/" + ID + "/extra#s                        | session id is damaged",
            "https://h/qr/login/" + ID + "                                | missing its secret part",
            "https://h/qr/login/" + ID + "#                               | missing its secret part",
            "https://h/qr/login/" + ID + "#oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8= | secret part (after the #) is damaged",
            "https://h/qr/login/" + ID + "#oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8A | secret part (after the #) is damaged",
            "https://h/qr/login/" + ID + "#oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9   | secret part (after the #) is damaged",
            "https://h/qr/login/" + ID + "#oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9v+ | secret part (after the #) is damaged",
    })
    void malformedLinksAreRefusedInPlainWords(String link, String expected) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LinkInvitation.parse(link));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertFalse(refused.getMessage().contains(SECRET_TEXT), "a refusal must not repeat the secret");
    }

    @Test
    void onlyWebSocketHomeserversAndFullSecretsMakeAnInvitation() {
        MailboxSessionId id = new MailboxSessionId(ID);
        assertThrows(IllegalArgumentException.class, () -> new LinkInvitation(URI.create("https://h"), id, SECRET));
        assertThrows(IllegalArgumentException.class, () -> new LinkInvitation(URI.create("ws://h#frag"), id, SECRET));
        assertThrows(IllegalArgumentException.class,
                () -> new LinkInvitation(URI.create("ws://h"), id, new byte[31]));
    }

    @Test
    void theSecretIsNeverInTheInvitationsText() {
        LinkInvitation invitation = new LinkInvitation(URI.create("ws://127.0.0.1:8750"), new MailboxSessionId(ID),
                SECRET);

        String text = invitation.toString();

        assertFalse(text.contains(SECRET_TEXT), text);
        assertFalse(text.contains(Base64.getEncoder().encodeToString(SECRET)), text);
        assertFalse(text.contains(ID), "the session id is shown redacted: " + text);
        assertTrue(text.contains("secret=(hidden)"), text);
    }

    @Test
    void aNewInvitationDrawsItsSessionAndSecretFromTheGivenRandomSource() throws Exception {
        LinkInvitation first = LinkInvitation.create(URI.create("ws://127.0.0.1:8750"), seeded(7));
        LinkInvitation again = LinkInvitation.create(URI.create("ws://127.0.0.1:8750"), seeded(7));
        LinkInvitation other = LinkInvitation.create(URI.create("ws://127.0.0.1:8750"), seeded(8));

        assertEquals(first, again, "the same random bytes make the same invitation");
        assertNotEquals(first, other);
        assertNotEquals(first.sessionId(), other.sessionId());
        assertEquals(LinkInvitation.SECRET_BYTES, first.secret().length);
    }

    @Test
    void theSecretCannotBeChangedFromOutside() {
        byte[] secret = SECRET.clone();
        LinkInvitation invitation = new LinkInvitation(URI.create("ws://h:1"), new MailboxSessionId(ID), secret);
        secret[0] ^= 1;
        invitation.secret()[1] ^= 1;

        assertArrayEquals(SECRET, invitation.secret());
    }

    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        return random;
    }
}
