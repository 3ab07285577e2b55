package chat.mz.client.e2ee;

import static chat.mz.client.e2ee.Fixtures.ADA_LAPTOP;
import static chat.mz.client.e2ee.Fixtures.ADA_LAPTOP_SIGNING;
import static chat.mz.client.e2ee.Fixtures.BOB_LAPTOP;
import static chat.mz.client.e2ee.Fixtures.BOB_PHONE;
import static chat.mz.client.e2ee.Fixtures.CYD_PHONE;
import static chat.mz.client.e2ee.Fixtures.CYD_PHONE_SIGNING;
import static chat.mz.client.e2ee.Fixtures.NOW;
import static chat.mz.client.e2ee.Fixtures.OTHER_SESSION;
import static chat.mz.client.e2ee.Fixtures.SESSION;
import static chat.mz.client.e2ee.Fixtures.flip;
import static chat.mz.client.e2ee.Fixtures.roomKey;
import static chat.mz.client.e2ee.Fixtures.seeded;
import static chat.mz.client.e2ee.RoomCipherTest.assertReason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.identity.DeviceCertificate;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Sealing room keys to member devices, and every way a sealed key on the way is refused. */
class RoomKeyWrapTest {
    private static final RecipientDevice BOB_PHONE_RECIPIENT =
            new RecipientDevice(BOB_PHONE, Fixtures.Rsa.BOB_PHONE_KEYS.publicKeySpki());
    private static final RecipientDevice BOB_LAPTOP_RECIPIENT =
            new RecipientDevice(BOB_LAPTOP, Fixtures.Rsa.BOB_LAPTOP_KEYS.publicKeySpki());
    private static final RecipientDevice CYD_PHONE_RECIPIENT =
            new RecipientDevice(CYD_PHONE, Fixtures.Rsa.CYD_PHONE_KEYS.publicKeySpki());

    private final SecureRandom random = seeded(31);
    private final RoomKey key = roomKey(SESSION, 4, 41);

    @Test
    void aMemberDeviceOpensTheKeySealedToIt() throws Exception {
        SealedRoomKey sealed = wrapTo(BOB_PHONE_RECIPIENT);

        RoomKey opened = unwrapAsBobsPhone(sealed);

        assertEquals(key, opened);
        assertArrayEquals(key.keyBytes(), opened.keyBytes());
        assertEquals(NOW, opened.createdAt());
        assertEquals(ADA_LAPTOP, sealed.sender());
        assertEquals(BOB_PHONE, sealed.recipient());
    }

    @Test
    void theProtocolsBase64FieldsRoundTrip() throws Exception {
        SealedRoomKey sealed = wrapTo(BOB_PHONE_RECIPIENT);
        SealedRoomKey carried = SealedRoomKey.fromBase64(SESSION, 4, ADA_LAPTOP, BOB_PHONE,
                sealed.wrappedKeyBase64(), sealed.signatureBase64());

        assertEquals(sealed, carried);
        assertEquals(512, sealed.wrappedKeyBase64().length());
        assertEquals(88, sealed.signatureBase64().length());
        assertEquals(key, unwrapAsBobsPhone(carried));
    }

    @Test
    void wrappingForAllGivesEachDeviceItsOwnKeyInOrder() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(3);
        try {
            List<RecipientDevice> recipients = List.of(BOB_PHONE_RECIPIENT, BOB_LAPTOP_RECIPIENT, CYD_PHONE_RECIPIENT,
                    BOB_PHONE_RECIPIENT, BOB_LAPTOP_RECIPIENT, CYD_PHONE_RECIPIENT, BOB_PHONE_RECIPIENT,
                    BOB_LAPTOP_RECIPIENT, CYD_PHONE_RECIPIENT, BOB_PHONE_RECIPIENT);
            byte[] signingKey = ADA_LAPTOP_SIGNING.privateKey().clone();

            CompletableFuture<List<WrapResult>> stage = RoomKeyWrap.wrapForAll(key, ADA_LAPTOP, signingKey, recipients, random, executor);
            Arrays.fill(signingKey, (byte) 0);
            List<WrapResult> results = stage.get();

            assertEquals(recipients.size(), results.size());
            for (int i = 0; i < results.size(); i++) {
                assertEquals(recipients.get(i), results.get(i).recipient());
                SealedRoomKey sealed = assertInstanceOf(WrapResult.Wrapped.class, results.get(i)).sealed();
                assertEquals(recipients.get(i).device(), sealed.recipient());
            }
            SealedRoomKey toBobsLaptop = ((WrapResult.Wrapped) results.get(1)).sealed();
            assertEquals(key, RoomKeyWrap.unwrap(toBobsLaptop, Fixtures.Rsa.BOB_LAPTOP_KEYS.privateKeyPkcs8(), SESSION,
                    4, BOB_LAPTOP, ADA_LAPTOP_SIGNING.publicKey()));
            SealedRoomKey toCyd = ((WrapResult.Wrapped) results.get(8)).sealed();
            assertEquals(key, RoomKeyWrap.unwrap(toCyd, Fixtures.Rsa.CYD_PHONE_KEYS.privateKeyPkcs8(), SESSION, 4,
                    CYD_PHONE, ADA_LAPTOP_SIGNING.publicKey()), "signed with the key as it was when called");
            assertEquals(key, unwrapAsBobsPhone(((WrapResult.Wrapped) results.get(9)).sealed()));
            // one signature per re-key: the key is what it vouches for, the OAEP label names the device
            assertArrayEquals(toBobsLaptop.signature(), toCyd.signature());
            assertEquals(List.of(), RoomKeyWrap.wrapForAll(key, ADA_LAPTOP, ADA_LAPTOP_SIGNING.privateKey(), List.of(),
                    random, executor).get());
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void aDeviceWithAnUnusableKeyFailsAloneInABatch() throws Exception {
        RecipientDevice broken = new RecipientDevice(new DeviceRef("dan-user-id-0000000000", "dan-phone"),
                new byte[] {1, 2, 3});
        RecipientDevice ed25519Key = new RecipientDevice(new DeviceRef("eve-user-id-0000000000", "eve-phone"),
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());

        List<WrapResult> results = RoomKeyWrap.wrapForAll(key, ADA_LAPTOP, ADA_LAPTOP_SIGNING.privateKey(),
                List.of(BOB_PHONE_RECIPIENT, broken, ed25519Key), random, Runnable::run).get();

        assertInstanceOf(WrapResult.Wrapped.class, results.get(0));
        assertEquals(E2eeException.Reason.UNUSABLE_KEY,
                assertInstanceOf(WrapResult.Failed.class, results.get(1)).failure().reason());
        assertEquals(E2eeException.Reason.UNUSABLE_KEY,
                assertInstanceOf(WrapResult.Failed.class, results.get(2)).failure().reason());
        assertReason(E2eeException.Reason.UNUSABLE_KEY,
                () -> RoomKeyWrap.wrap(key, ADA_LAPTOP, ADA_LAPTOP_SIGNING.privateKey(), broken, random));
    }

    @Test
    void aRecipientComesFromItsCertificateOnlyWithAnRsaKey() throws Exception {
        Ed25519KeyPair root = Ed25519.generate(seeded(51));
        Ed25519KeyPair device = Ed25519.generate(seeded(52));
        DeviceCertificate rsa = certificate(root, device, RsaOaep.ALG);
        DeviceCertificate other = certificate(root, device, "X25519");

        RecipientDevice recipient = RecipientDevice.of(rsa);
        assertEquals(BOB_PHONE, recipient.device());
        assertArrayEquals(Fixtures.Rsa.BOB_PHONE_KEYS.publicKeySpki(), recipient.encryptionPublicKey());
        assertEquals(key, unwrapAsBobsPhone(RoomKeyWrap.wrap(key, ADA_LAPTOP, ADA_LAPTOP_SIGNING.privateKey(),
                recipient, random)));
        assertReason(E2eeException.Reason.UNUSABLE_KEY, () -> RecipientDevice.of(other));
    }

    @Test
    void aKeySealedToAnotherDeviceIsRefused() {
        SealedRoomKey toBobsLaptop = wrapTo(BOB_LAPTOP_RECIPIENT);

        assertReason(E2eeException.Reason.WRONG_RECIPIENT, () -> unwrapAsBobsPhone(toBobsLaptop));
        SealedRoomKey relabelled = new SealedRoomKey(SESSION, 4, ADA_LAPTOP, BOB_PHONE, toBobsLaptop.wrappedKey(),
                toBobsLaptop.signature());
        assertReason(E2eeException.Reason.DECRYPT_FAILED, () -> unwrapAsBobsPhone(relabelled));
    }

    @Test
    void theOaepLabelAloneKeepsTwoDevicesWithOneRsaKeyApart() throws Exception {
        // Bob's laptop certificate reuses his phone's encryption key; only the label tells them apart
        RecipientDevice laptopWithPhonesKey = new RecipientDevice(BOB_LAPTOP,
                Fixtures.Rsa.BOB_PHONE_KEYS.publicKeySpki());
        SealedRoomKey toLaptop = wrapTo(laptopWithPhonesKey);
        assertEquals(key, RoomKeyWrap.unwrap(toLaptop, Fixtures.Rsa.BOB_PHONE_KEYS.privateKeyPkcs8(), SESSION, 4,
                BOB_LAPTOP, ADA_LAPTOP_SIGNING.publicKey()));

        SealedRoomKey relabelled = new SealedRoomKey(SESSION, 4, ADA_LAPTOP, BOB_PHONE, toLaptop.wrappedKey(),
                toLaptop.signature());
        assertReason(E2eeException.Reason.DECRYPT_FAILED, () -> unwrapAsBobsPhone(relabelled));
    }

    @Test
    void aKeyReplayedForAnotherSessionOrEpochIsRefused() {
        SealedRoomKey sealed = wrapTo(BOB_PHONE_RECIPIENT);
        byte[] bobsKey = Fixtures.Rsa.BOB_PHONE_KEYS.privateKeyPkcs8();
        byte[] adasKey = ADA_LAPTOP_SIGNING.publicKey();

        assertReason(E2eeException.Reason.WRONG_SESSION,
                () -> RoomKeyWrap.unwrap(sealed, bobsKey, OTHER_SESSION, 4, BOB_PHONE, adasKey));
        assertReason(E2eeException.Reason.WRONG_EPOCH,
                () -> RoomKeyWrap.unwrap(sealed, bobsKey, SESSION, 5, BOB_PHONE, adasKey));

        // the clear fields rewritten to match: the OAEP label still names the first session and epoch
        SealedRoomKey otherSession = new SealedRoomKey(OTHER_SESSION, 4, ADA_LAPTOP, BOB_PHONE, sealed.wrappedKey(),
                sealed.signature());
        SealedRoomKey laterEpoch = new SealedRoomKey(SESSION, 5, ADA_LAPTOP, BOB_PHONE, sealed.wrappedKey(),
                sealed.signature());
        assertReason(E2eeException.Reason.DECRYPT_FAILED,
                () -> RoomKeyWrap.unwrap(otherSession, bobsKey, OTHER_SESSION, 4, BOB_PHONE, adasKey));
        assertReason(E2eeException.Reason.DECRYPT_FAILED,
                () -> RoomKeyWrap.unwrap(laterEpoch, bobsKey, SESSION, 5, BOB_PHONE, adasKey));
    }

    @Test
    void aKeyOfTheHomeserversChoosingIsRefused() throws Exception {
        // anyone can RSA-encrypt to Bob's public key; only Ada's device can sign in Ada's name
        RoomKey chosen = roomKey(SESSION, 4, 99);
        SealedRoomKey byCyd = RoomKeyWrap.wrap(chosen, ADA_LAPTOP, CYD_PHONE_SIGNING.privateKey(), BOB_PHONE_RECIPIENT,
                random);
        assertReason(E2eeException.Reason.BAD_SIGNATURE, () -> unwrapAsBobsPhone(byCyd));

        // ... nor borrow the signature of a real key: it commits to that key
        SealedRoomKey borrowedSignature = new SealedRoomKey(SESSION, 4, ADA_LAPTOP, BOB_PHONE, byCyd.wrappedKey(),
                wrapTo(BOB_PHONE_RECIPIENT).signature());
        assertReason(E2eeException.Reason.BAD_SIGNATURE, () -> unwrapAsBobsPhone(borrowedSignature));
    }

    @Test
    void theSignatureCoversSessionEpochCreationTimeAndSender() throws Exception {
        SealedRoomKey sealed = wrapTo(BOB_PHONE_RECIPIENT);
        RoomKey sameBytes = RoomKey.of(SESSION, 4, key.keyBytes(), key.createdAt());
        RoomKey[] others = {
            RoomKey.of(OTHER_SESSION, 4, key.keyBytes(), key.createdAt()),
            RoomKey.of(SESSION, 5, key.keyBytes(), key.createdAt()),
            RoomKey.of(SESSION, 4, key.keyBytes(), key.createdAt().plusMillis(1)),
        };

        assertEquals(key, unwrapAsBobsPhone(withSignature(sealed, sameBytes, ADA_LAPTOP)));
        for (RoomKey other : others) {
            assertReason(E2eeException.Reason.BAD_SIGNATURE, () -> unwrapAsBobsPhone(withSignature(sealed, other,
                    ADA_LAPTOP)));
        }
        assertReason(E2eeException.Reason.BAD_SIGNATURE,
                () -> unwrapAsBobsPhone(withSignature(sealed, sameBytes, Fixtures.ADA_PHONE)));
    }

    @Test
    void anAlteredWrappedKeyOrSignatureIsRefused() {
        SealedRoomKey sealed = wrapTo(BOB_PHONE_RECIPIENT);

        for (int index : new int[] {0, 1, 200, 383}) {
            SealedRoomKey altered = new SealedRoomKey(SESSION, 4, ADA_LAPTOP, BOB_PHONE,
                    flip(sealed.wrappedKey(), index), sealed.signature());
            assertReason(E2eeException.Reason.DECRYPT_FAILED, () -> unwrapAsBobsPhone(altered));
        }
        SealedRoomKey badSignature = new SealedRoomKey(SESSION, 4, ADA_LAPTOP, BOB_PHONE, sealed.wrappedKey(),
                flip(sealed.signature(), 10));
        assertReason(E2eeException.Reason.BAD_SIGNATURE, () -> unwrapAsBobsPhone(badSignature));
        assertReason(E2eeException.Reason.DECRYPT_FAILED, () -> RoomKeyWrap.unwrap(sealed,
                Fixtures.Rsa.BOB_LAPTOP_KEYS.privateKeyPkcs8(), SESSION, 4, BOB_PHONE, ADA_LAPTOP_SIGNING.publicKey()));
    }

    @Test
    void malformedBase64FieldsAreRefused() {
        SealedRoomKey sealed = wrapTo(BOB_PHONE_RECIPIENT);
        String signature = sealed.signatureBase64();
        String wrapped = sealed.wrappedKeyBase64();

        assertReason(E2eeException.Reason.MALFORMED, () -> SealedRoomKey.fromBase64(SESSION, 4, ADA_LAPTOP, BOB_PHONE,
                wrapped.substring(4), signature));
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedRoomKey.fromBase64(SESSION, 4, ADA_LAPTOP, BOB_PHONE,
                wrapped + "AAAA", signature));
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedRoomKey.fromBase64(SESSION, 4, ADA_LAPTOP, BOB_PHONE,
                wrapped, "%%%"));
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedRoomKey.fromBase64(SESSION, 4, ADA_LAPTOP, BOB_PHONE,
                null, signature));
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedRoomKey.fromBase64(SESSION, 0, ADA_LAPTOP, BOB_PHONE,
                wrapped, signature));
        assertReason(E2eeException.Reason.MALFORMED, () -> SealedRoomKey.fromBase64("bad session", 4, ADA_LAPTOP,
                BOB_PHONE, wrapped, signature));
    }

    @Test
    void nothingPrintedShowsTheKey() {
        SealedRoomKey sealed = wrapTo(BOB_PHONE_RECIPIENT);
        String hex = HexFormat.of().formatHex(key.keyBytes());
        String base64 = Base64.getEncoder().encodeToString(key.keyBytes());
        List<String> printed = new ArrayList<>(List.of(sealed.toString(), key.toString(),
                BOB_PHONE_RECIPIENT.toString()));
        printed.add(assertReason(E2eeException.Reason.WRONG_RECIPIENT, () -> RoomKeyWrap.unwrap(sealed,
                Fixtures.Rsa.BOB_LAPTOP_KEYS.privateKeyPkcs8(), SESSION, 4, BOB_LAPTOP,
                ADA_LAPTOP_SIGNING.publicKey())).getMessage());
        printed.add(assertReason(E2eeException.Reason.DECRYPT_FAILED, () -> RoomKeyWrap.unwrap(sealed,
                Fixtures.Rsa.BOB_LAPTOP_KEYS.privateKeyPkcs8(), SESSION, 4, BOB_PHONE,
                ADA_LAPTOP_SIGNING.publicKey())).getMessage());

        for (String text : printed) {
            assertFalse(text.contains(hex), text);
            assertFalse(text.contains(base64), text);
        }
        assertNotEquals(-1, sealed.toString().indexOf(BOB_PHONE.deviceId()));
    }

    private SealedRoomKey wrapTo(RecipientDevice recipient) {
        try {
            return RoomKeyWrap.wrap(key, ADA_LAPTOP, ADA_LAPTOP_SIGNING.privateKey(), recipient, random);
        } catch (E2eeException e) {
            throw new AssertionError(e);
        }
    }

    private static RoomKey unwrapAsBobsPhone(SealedRoomKey sealed) throws E2eeException {
        return RoomKeyWrap.unwrap(sealed, Fixtures.Rsa.BOB_PHONE_KEYS.privateKeyPkcs8(), sealed.sessionId(),
                sealed.epoch(), BOB_PHONE, ADA_LAPTOP_SIGNING.publicKey());
    }

    /** The sealed key with a signature by Ada's laptop over what {@code signed} and {@code sender} say. */
    private static SealedRoomKey withSignature(SealedRoomKey sealed, RoomKey signed, DeviceRef sender) {
        byte[] signature = Ed25519.sign(ADA_LAPTOP_SIGNING.privateKey(), RoomKeyWrap.signedBytes(signed, sender));
        return new SealedRoomKey(sealed.sessionId(), sealed.epoch(), sealed.sender(), sealed.recipient(),
                sealed.wrappedKey(), signature);
    }

    private static DeviceCertificate certificate(Ed25519KeyPair root, Ed25519KeyPair device, String alg) {
        DeviceCertificate.Body body = new DeviceCertificate.Body(DeviceCertificate.VERSION, BOB_PHONE.userId(),
                BOB_PHONE.deviceId(), "Bob's phone", "android", device.publicKey(),
                Fixtures.Rsa.BOB_PHONE_KEYS.publicKeySpki(), alg, NOW, NOW.plus(DeviceCertificate.DEFAULT_LIFETIME));
        return DeviceCertificate.issue(body, root.privateKey()).countersign(device.privateKey());
    }
}
