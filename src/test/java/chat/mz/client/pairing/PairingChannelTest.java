package chat.mz.client.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.mailbox.MailboxSessionId;
import chat.mz.protocol.mailbox.SyncMailboxParams;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The encrypted channel and the check code, without a homeserver. */
class PairingChannelTest {
    private static final MailboxSessionId SESSION = new MailboxSessionId("AAECAwQFBgcICQoLDA0ODw");
    private static final byte[] SECRET = filled(32, 7);
    private static final byte[] PHONE = filled(16, 1);
    private static final byte[] TABLET = filled(16, 2);

    private final PairingChannel desktop = PairingChannel.initiator(new PairingKeys(SESSION, SECRET));
    private final PairingChannel phone = PairingChannel.responder(new PairingKeys(SESSION, SECRET), PHONE);

    @Test
    void messagesGoBothWaysInOrderAndBindTheDesktopToTheFirstDevice() throws Exception {
        PairingChannel.Opened request = desktop.open(phone.seal(utf8("request")));
        assertEquals("request", text(request.plaintext()));
        assertTrue(request.inOrder());
        assertFalse(request.foreign());
        assertArrayEquals(PHONE, desktop.peer().orElseThrow());

        assertEquals("challenge", text(phone.open(desktop.seal(utf8("challenge"))).plaintext()));
        assertEquals("reveal", text(desktop.open(phone.seal(utf8("reveal"))).plaintext()));
        assertEquals(2, desktop.open(phone.seal(utf8("x"))).sequence());
    }

    @Test
    void aPayloadTakenTwiceIsRefused() throws Exception {
        byte[] request = phone.seal(utf8("request"));
        desktop.open(request);

        assertThrows(LinkTamperedException.class, () -> desktop.open(request));
    }

    @Test
    void aPayloadFromFurtherAheadAuthenticatesButIsMarkedOutOfOrder() throws Exception {
        byte[] first = phone.seal(utf8("first"));
        byte[] second = phone.seal(utf8("second"));
        desktop.open(first);
        byte[] third = phone.seal(utf8("third"));

        PairingChannel.Opened skipped = desktop.open(third);
        assertFalse(skipped.inOrder(), "the flows accept a skip only for a final abort");
        assertTrue(desktop.open(second).inOrder(), "the one expected is still number 1");
        assertThrows(LinkTamperedException.class, () -> desktop.open(first));
    }

    @Test
    void everyAlteredByteIsRefused() {
        byte[] payload = phone.seal(utf8("request"));
        for (int i = 0; i < payload.length; i++) {
            byte[] altered = payload.clone();
            altered[i] ^= 0x01;
            int index = i;
            PairingChannel fresh = PairingChannel.initiator(new PairingKeys(SESSION, SECRET));
            assertThrows(LinkTamperedException.class, () -> fresh.open(altered), "byte " + index);
        }
        assertThrows(LinkTamperedException.class, () -> desktop.open(Arrays.copyOf(payload, payload.length - 1)));
        assertThrows(LinkTamperedException.class, () -> desktop.open(new byte[0]));
    }

    @Test
    void anotherSecretOrSessionCannotOpenIt() {
        byte[] payload = phone.seal(utf8("request"));
        byte[] otherSecret = SECRET.clone();
        otherSecret[31] ^= 1;

        assertThrows(LinkTamperedException.class,
                () -> PairingChannel.initiator(new PairingKeys(SESSION, otherSecret)).open(payload));
        assertThrows(LinkTamperedException.class, () -> PairingChannel.initiator(
                new PairingKeys(new MailboxSessionId("AAECAwQFBgcICQoLDA0OEA"), SECRET)).open(payload));
    }

    @Test
    void aPayloadNeverReadsAsComingFromTheOtherDirection() throws Exception {
        desktop.open(phone.seal(utf8("request")));
        byte[] challenge = desktop.seal(utf8("challenge"));
        byte[] reflected = challenge.clone();
        reflected[1] = 2;

        assertThrows(LinkTamperedException.class, () -> desktop.open(challenge), "its own payload, reflected");
        assertThrows(LinkTamperedException.class, () -> desktop.open(reflected), "with the direction relabelled");
    }

    @Test
    void aSecondDeviceGetsItsOwnKeysAndIsReportedAsForeign() throws Exception {
        PairingChannel tablet = PairingChannel.responder(new PairingKeys(SESSION, SECRET), TABLET);
        byte[] fromPhone = phone.seal(utf8("same request"));
        byte[] fromTablet = tablet.seal(utf8("same request"));
        desktop.open(fromPhone);

        PairingChannel.Opened second = desktop.open(fromTablet);

        assertTrue(second.foreign());
        assertArrayEquals(TABLET, second.responderId());
        assertFalse(Arrays.equals(Arrays.copyOfRange(fromPhone, PairingChannel.HEADER_BYTES, fromPhone.length),
                Arrays.copyOfRange(fromTablet, PairingChannel.HEADER_BYTES, fromTablet.length)),
                "one plaintext under two devices' keys must give two ciphertexts: no key and nonce is shared");
        assertTrue(tablet.open(desktop.sealFor(TABLET, utf8("abort"))).inOrder());
        assertTrue(phone.open(desktop.sealFor(TABLET, utf8("abort"))).foreign(),
                "a device can read, as foreign, what was meant for another device");
    }

    @Test
    void payloadsStayWithinTheMailboxLimit() {
        byte[] largest = new byte[PairingChannel.MAX_PLAINTEXT_BYTES];
        assertEquals(SyncMailboxParams.MAX_PAYLOAD_BYTES, phone.seal(largest).length);
        assertThrows(IllegalArgumentException.class, () -> phone.seal(new byte[largest.length + 1]));
    }

    @Test
    void theCheckCodeIsSixDigitsAndChangesWithEveryPartOfTheTranscript() {
        PairingKeys keys = new PairingKeys(SESSION, SECRET);
        byte[] request = utf8("request");
        byte[] challenge = utf8("challenge");
        byte[] nonce = filled(32, 9);
        String code = keys.checkCode(PHONE, request, challenge, nonce);

        assertTrue(code.matches("\\d{3} \\d{3}"), code);
        assertEquals(code, new PairingKeys(SESSION, SECRET).checkCode(PHONE, request, challenge, nonce));
        assertNotEquals(code, keys.checkCode(TABLET, request, challenge, nonce));
        assertNotEquals(code, keys.checkCode(PHONE, utf8("requesT"), challenge, nonce));
        assertNotEquals(code, keys.checkCode(PHONE, request, utf8("challengE"), nonce));
        assertNotEquals(code, keys.checkCode(PHONE, request, challenge, filled(32, 10)));
        assertNotEquals(code, new PairingKeys(SESSION, filled(32, 8)).checkCode(PHONE, request, challenge, nonce));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
