package chat.mz.client.e2ee;

import static chat.mz.testing.ByteScan.contains;
import static chat.mz.client.e2ee.Fixtures.ADA_LAPTOP;
import static chat.mz.client.e2ee.Fixtures.ADA_LAPTOP_SIGNING;
import static chat.mz.client.e2ee.Fixtures.ADA_PHONE;
import static chat.mz.client.e2ee.Fixtures.ADA_PHONE_SIGNING;
import static chat.mz.client.e2ee.Fixtures.BOB_PHONE;
import static chat.mz.client.e2ee.Fixtures.CYD_PHONE_SIGNING;
import static chat.mz.client.e2ee.Fixtures.NOW;
import static chat.mz.client.e2ee.Fixtures.flip;
import static chat.mz.client.e2ee.Fixtures.seeded;
import static chat.mz.client.e2ee.RoomCipherTest.assertReason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.e2ee.E2eeException.Reason;
import chat.mz.crypto.AesGcm;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.protocol.sync.SyncItem;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sealing a sync event from one device of an account to another, and every way a sealed one is refused. */
class SyncEnvelopeTest {
    private static final DeviceRef ADA_TABLET = new DeviceRef(ADA_LAPTOP.userId(), "ada-tablet");
    private static final RsaKeyPair PHONE_KEYS = RsaOaep.generate(seeded(201));
    private static final RsaKeyPair TABLET_KEYS = RsaOaep.generate(seeded(202));
    private static final RecipientDevice PHONE = new RecipientDevice(ADA_PHONE, PHONE_KEYS.publicKeySpki());
    private static final String SECRET = "read-up-to the-crag-at-midnight-7f3a9c";
    private static final byte[] EVENT = ("{\"type\":\"contact_added\",\"username\":\"" + SECRET + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final SecureRandom random = seeded(41);
    private final SyncEnvelope.Header header = new SyncEnvelope.Header(ADA_LAPTOP, ADA_PHONE, "evt-0001", NOW);

    @Test
    void theSiblingOpensWhatWasSealedToIt() throws Exception {
        byte[] sealed = seal(header, EVENT);

        assertArrayEquals(EVENT, openAsPhone(sealed));
        assertArrayEquals(new byte[0], openAsPhone(seal(header, new byte[0])), "an empty event too");
        int overhead = header.encode().length + RsaOaep.CIPHERTEXT_BYTES + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES
                + Ed25519.SIGNATURE_BYTES;
        assertEquals(overhead + EVENT.length, sealed.length);
        assertFalse(contains(sealed, SECRET.getBytes(StandardCharsets.UTF_8)), "the event is not readable on the way");
        assertFalse(Arrays.equals(sealed, seal(header, EVENT)), "a fresh key and nonce every time");
    }

    @Test
    void theHeaderIsReadWithoutAnyKey() throws Exception {
        SyncEnvelope.Header read = SyncEnvelope.header(seal(header, EVENT));

        assertEquals(header, read);
        assertEquals(ADA_LAPTOP, read.from());
        assertEquals(ADA_PHONE, read.to());
        assertEquals("evt-0001", read.eventId());
        assertEquals(NOW, read.createdAt());
    }

    @Test
    void aFlippedByteInEachRegionIsRefusedForTheRightReason() throws Exception {
        byte[] sealed = seal(header, EVENT);
        int head = header.encode().length;
        int user = 1;
        int fromDevice = user + 1 + ADA_LAPTOP.userId().length();
        int toDevice = fromDevice + 1 + ADA_LAPTOP.deviceId().length();
        int eventId = toDevice + 1 + ADA_PHONE.deviceId().length();

        assertReason(Reason.UNSUPPORTED_VERSION, () -> openAsPhone(flip(sealed, 0)));
        // the last character of the user id, '0' -> '1': the event now names another account's device
        assertReason(Reason.WRONG_RECIPIENT, () -> openAsPhone(flip(sealed, fromDevice - 1)));
        // "ada-laptop" -> "ada-maptop": still for this device, but not what the laptop signed
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(flip(sealed, fromDevice + 5)));
        // "ada-phone" -> "ada-qhone": for another device
        assertReason(Reason.WRONG_RECIPIENT, () -> openAsPhone(flip(sealed, toDevice + 5)));
        // "evt-0001" -> "evt-0000"
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(flip(sealed, eventId + 8)));
        // the creation time
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(flip(sealed, head - 1)));
        // the wrapped key, the nonce, the ciphertext and its tag: all under the signature
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(flip(sealed, head + 7)));
        int nonce = head + RsaOaep.CIPHERTEXT_BYTES;
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(flip(sealed, nonce + 3)));
        int ciphertext = nonce + AesGcm.NONCE_BYTES;
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(flip(sealed, ciphertext + 2)));
        int signature = sealed.length - Ed25519.SIGNATURE_BYTES;
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(flip(sealed, signature - 1)));
        // the signature itself, first and last byte
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(flip(sealed, signature)));
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(flip(sealed, sealed.length - 1)));
    }

    @Test
    void noFlippedBitAnywhereGetsAsFarAsDecrypting() throws Exception {
        byte[] sealed = seal(header, EVENT);
        Set<Reason> early = EnumSet.of(Reason.MALFORMED, Reason.UNSUPPORTED_VERSION, Reason.WRONG_RECIPIENT,
                Reason.BAD_SIGNATURE);
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit += 7) {
                byte[] changed = sealed.clone();
                changed[i] ^= (byte) (1 << bit);
                E2eeException e = assertThrows(E2eeException.class, () -> openAsPhone(changed),
                        "bit " + bit + " of byte " + i);
                assertTrue(early.contains(e.reason()), "byte " + i + ": " + e.reason());
            }
        }
    }

    @Test
    void anotherDeviceOfTheAccountOrAnotherAccountIsTheWrongRecipient() throws Exception {
        byte[] sealed = seal(header, EVENT);

        assertReason(Reason.WRONG_RECIPIENT, () -> SyncEnvelope.open(sealed, ADA_TABLET,
                TABLET_KEYS.privateKeyPkcs8(), ADA_LAPTOP_SIGNING.publicKey()));
        DeviceRef samePhoneIdElsewhere = new DeviceRef(BOB_PHONE.userId(), ADA_PHONE.deviceId());
        assertReason(Reason.WRONG_RECIPIENT, () -> SyncEnvelope.open(sealed, samePhoneIdElsewhere,
                PHONE_KEYS.privateKeyPkcs8(), ADA_LAPTOP_SIGNING.publicKey()));
    }

    @Test
    void onlyTheClaimedSendersKeyVerifiesIt() throws Exception {
        byte[] sealed = seal(header, EVENT);
        assertReason(Reason.BAD_SIGNATURE, () -> SyncEnvelope.open(sealed, ADA_PHONE, PHONE_KEYS.privateKeyPkcs8(),
                ADA_PHONE_SIGNING.publicKey()));

        // another device (here of another account) signs an event claiming to be the laptop's
        byte[] forged = SyncEnvelope.seal(header, EVENT, CYD_PHONE_SIGNING.privateKey(), PHONE, random);
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(forged));
    }

    @Test
    void aReSignedEnvelopeWithAnotherHeaderDoesNotDecrypt() throws Exception {
        byte[] sealed = seal(header, EVENT);
        byte[] body = Arrays.copyOfRange(sealed, header.encode().length, sealed.length - Ed25519.SIGNATURE_BYTES);
        assertArrayEquals(EVENT, openAsPhone(resign(header, body)), "re-signing alone changes nothing");

        // the tablet shares the phone's RSA key, so only the binding to the header keeps it out
        SyncEnvelope.Header toTablet = new SyncEnvelope.Header(ADA_LAPTOP, ADA_TABLET, "evt-0001", NOW);
        assertReason(Reason.DECRYPT_FAILED, () -> SyncEnvelope.open(resign(toTablet, body), ADA_TABLET,
                PHONE_KEYS.privateKeyPkcs8(), ADA_LAPTOP_SIGNING.publicKey()));
        SyncEnvelope.Header otherId = new SyncEnvelope.Header(ADA_LAPTOP, ADA_PHONE, "evt-0002", NOW);
        assertReason(Reason.DECRYPT_FAILED, () -> openAsPhone(resign(otherId, body)));
        SyncEnvelope.Header later = new SyncEnvelope.Header(ADA_LAPTOP, ADA_PHONE, "evt-0001", NOW.plusMillis(1));
        assertReason(Reason.DECRYPT_FAILED, () -> openAsPhone(resign(later, body)));
    }

    @Test
    void truncatedInputIsMalformed() throws Exception {
        byte[] sealed = seal(header, new byte[0]);
        int head = header.encode().length;
        for (int length : new int[] {0, 1, 5, head - 1, head, head + RsaOaep.CIPHERTEXT_BYTES, sealed.length - 1}) {
            byte[] cut = Arrays.copyOf(sealed, length);
            assertReason(Reason.MALFORMED, () -> SyncEnvelope.header(cut));
            assertReason(Reason.MALFORMED, () -> openAsPhone(cut));
        }
        // with a longer event, one byte less still holds every field: the signature no longer covers it
        byte[] longer = seal(header, EVENT);
        assertReason(Reason.BAD_SIGNATURE, () -> openAsPhone(Arrays.copyOf(longer, longer.length - 1)));
    }

    @Test
    void anUnknownVersionIsRefusedBeforeAnythingElse() throws Exception {
        for (int version : new int[] {0, 2, 255}) {
            byte[] other = seal(header, EVENT);
            other[0] = (byte) version;
            E2eeException e = assertReason(Reason.UNSUPPORTED_VERSION, () -> SyncEnvelope.header(other));
            assertTrue(e.getMessage().contains(String.valueOf(version)), e.getMessage());
            assertReason(Reason.UNSUPPORTED_VERSION, () -> openAsPhone(other));
        }
    }

    @Test
    void theLargestEventFitsOneSyncItemAndOneByteMoreIsTooLarge() throws Exception {
        String longest = "x".repeat(IdRules.MAX_ID_LENGTH);
        String account = "u".repeat(IdRules.MAX_ID_LENGTH);
        SyncEnvelope.Header widest = new SyncEnvelope.Header(new DeviceRef(account, "f" + longest.substring(1)),
                new DeviceRef(account, longest), longest, NOW);
        RecipientDevice recipient = new RecipientDevice(widest.to(), PHONE_KEYS.publicKeySpki());
        byte[] largest = new byte[SyncEnvelope.MAX_PLAINTEXT_BYTES];
        random.nextBytes(largest);

        byte[] sealed = SyncEnvelope.seal(widest, largest, ADA_LAPTOP_SIGNING.privateKey(), recipient, random);
        assertTrue(sealed.length <= SyncItem.MAX_PAYLOAD_BYTES, sealed.length + " bytes");
        assertArrayEquals(largest, SyncEnvelope.open(sealed, widest.to(), PHONE_KEYS.privateKeyPkcs8(),
                ADA_LAPTOP_SIGNING.publicKey()));

        byte[] tooLarge = Arrays.copyOf(largest, largest.length + 1);
        assertReason(Reason.TOO_LARGE, () -> seal(header, tooLarge));
    }

    @Test
    void aHeaderGoesBetweenDevicesOfOneAccountOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SyncEnvelope.Header(ADA_LAPTOP, BOB_PHONE, "evt-1", NOW));
        assertEquals("a sync event goes between devices of one account", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SyncEnvelope.Header(BOB_PHONE, ADA_PHONE, "evt-1", NOW));
        assertThrows(IllegalArgumentException.class,
                () -> new SyncEnvelope.Header(ADA_LAPTOP, ADA_PHONE, "not an id", NOW));
        RecipientDevice tablet = new RecipientDevice(ADA_TABLET, TABLET_KEYS.publicKeySpki());
        assertThrows(IllegalArgumentException.class, () -> SyncEnvelope.seal(header, EVENT,
                ADA_LAPTOP_SIGNING.privateKey(), tablet, random), "the header names the phone");
        RecipientDevice notRsa = new RecipientDevice(ADA_PHONE, new byte[] {1, 2, 3});
        assertReason(Reason.UNUSABLE_KEY,
                () -> SyncEnvelope.seal(header, EVENT, ADA_LAPTOP_SIGNING.privateKey(), notRsa, random));
    }

    @Test
    void noRefusalTellsWhatTheEventSaid() throws Exception {
        byte[] sealed = seal(header, EVENT);
        byte[] body = Arrays.copyOfRange(sealed, header.encode().length, sealed.length - Ed25519.SIGNATURE_BYTES);
        SyncEnvelope.Header otherId = new SyncEnvelope.Header(ADA_LAPTOP, ADA_PHONE, "evt-0002", NOW);
        byte[] huge = (SECRET + " ").repeat(SyncEnvelope.MAX_PLAINTEXT_BYTES / SECRET.length() + 1)
                .getBytes(StandardCharsets.UTF_8);
        List<E2eeException> refusals = new ArrayList<>();
        for (RoomCipherTest.Attempt attempt : List.<RoomCipherTest.Attempt>of(
                () -> openAsPhone(flip(sealed, sealed.length - 1)),
                () -> openAsPhone(flip(sealed, 0)),
                () -> openAsPhone(Arrays.copyOf(sealed, 40)),
                () -> openAsPhone(resign(otherId, body)),
                () -> SyncEnvelope.open(sealed, ADA_TABLET, TABLET_KEYS.privateKeyPkcs8(),
                        ADA_LAPTOP_SIGNING.publicKey()),
                () -> seal(header, huge))) {
            refusals.add(assertThrows(E2eeException.class, attempt::run));
        }
        assertEquals(EnumSet.of(Reason.BAD_SIGNATURE, Reason.UNSUPPORTED_VERSION, Reason.MALFORMED,
                Reason.DECRYPT_FAILED, Reason.WRONG_RECIPIENT, Reason.TOO_LARGE),
                EnumSet.copyOf(refusals.stream().map(E2eeException::reason).toList()), "one of each");
        for (E2eeException e : refusals) {
            assertNotEquals(null, e.getMessage());
            assertFalse(e.getMessage().contains(SECRET) || e.getMessage().contains("midnight"), e.getMessage());
        }
    }

    @Test
    void aChannelIsUnwrappedOnceAndServesOnlyItsOwnPair() throws Exception {
        SyncEnvelope.Channel channel = SyncEnvelope.channel(ADA_LAPTOP, PHONE, random);
        byte[] first = SyncEnvelope.seal(header, EVENT, ADA_LAPTOP_SIGNING.privateKey(), channel, random);
        SyncEnvelope.Header second = new SyncEnvelope.Header(ADA_LAPTOP, ADA_PHONE, "evt-0002", NOW.plusSeconds(1));
        byte[] next = SyncEnvelope.seal(second, "second".getBytes(StandardCharsets.UTF_8),
                ADA_LAPTOP_SIGNING.privateKey(), channel, random);
        CountingSecrets phone = new CountingSecrets(ADA_PHONE, PHONE_KEYS.privateKeyPkcs8());
        OpenedChannels opened = new OpenedChannels();

        assertArrayEquals(EVENT, SyncEnvelope.open(first, ADA_PHONE, ADA_LAPTOP_SIGNING.publicKey(), phone, opened));
        assertEquals("second", new String(SyncEnvelope.open(next, ADA_PHONE, ADA_LAPTOP_SIGNING.publicKey(), phone,
                opened), StandardCharsets.UTF_8));
        assertEquals(1, phone.unwraps, "the second event of the channel costs no RSA decryption");
        assertArrayEquals(EVENT, openAsPhone(first), "and each still opens on its own, without the cache");

        // a header rewritten for another event, re-signed: the cached key does not open it either
        int head = header.encode().length;
        SyncEnvelope.Header moved = new SyncEnvelope.Header(ADA_LAPTOP, ADA_PHONE, "evt-0003", NOW);
        assertReason(Reason.DECRYPT_FAILED, () -> SyncEnvelope.open(resign(moved, Arrays.copyOfRange(first, head,
                first.length - Ed25519.SIGNATURE_BYTES)), ADA_PHONE, ADA_LAPTOP_SIGNING.publicKey(), phone, opened));
        assertThrows(IllegalArgumentException.class, () -> SyncEnvelope.seal(new SyncEnvelope.Header(ADA_LAPTOP,
                ADA_TABLET, "evt-0004", NOW), EVENT, ADA_LAPTOP_SIGNING.privateKey(), channel, random),
                "a channel serves its own recipient only");
    }

    /** This device's keys, counting how often the encryption key is lent. */
    private static final class CountingSecrets implements DeviceSecrets {
        private final DeviceRef device;
        private final byte[] encryptionKey;
        int unwraps;

        CountingSecrets(DeviceRef device, byte[] encryptionKey) {
            this.device = device;
            this.encryptionKey = encryptionKey;
        }

        @Override
        public DeviceRef device() {
            return device;
        }

        @Override
        public <T> T withSigningKey(KeyUse<T> use) {
            throw new UnsupportedOperationException("opening signs nothing");
        }

        @Override
        public <T> T withEncryptionKey(KeyUse<T> use) throws E2eeException {
            unwraps++;
            return use.apply(encryptionKey.clone());
        }
    }

    private byte[] seal(SyncEnvelope.Header sealedHeader, byte[] plaintext) throws E2eeException {
        return SyncEnvelope.seal(sealedHeader, plaintext, ADA_LAPTOP_SIGNING.privateKey(), PHONE, random);
    }

    private static byte[] openAsPhone(byte[] sealed) throws E2eeException {
        return SyncEnvelope.open(sealed, ADA_PHONE, PHONE_KEYS.privateKeyPkcs8(), ADA_LAPTOP_SIGNING.publicKey());
    }

    /** {@code newHeader}, then the wrapped key, nonce and ciphertext of another envelope, signed by the laptop anew. */
    private static byte[] resign(SyncEnvelope.Header newHeader, byte[] body) {
        byte[] head = newHeader.encode();
        byte[] unsigned = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, unsigned, head.length, body.length);
        byte[] signed = Arrays.copyOf(SyncEnvelope.SIGNATURE_LABEL, SyncEnvelope.SIGNATURE_LABEL.length
                + unsigned.length);
        System.arraycopy(unsigned, 0, signed, SyncEnvelope.SIGNATURE_LABEL.length, unsigned.length);
        byte[] signature = Ed25519.sign(ADA_LAPTOP_SIGNING.privateKey(), signed);
        byte[] out = Arrays.copyOf(unsigned, unsigned.length + signature.length);
        System.arraycopy(signature, 0, out, unsigned.length, signature.length);
        return out;
    }
}
