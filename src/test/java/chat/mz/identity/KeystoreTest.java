package chat.mz.identity;

import static chat.mz.testing.ByteScan.contains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chat.mz.crypto.Argon2Params;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreTest {
    /** Cheap parameters: these tests check the format, not the cost. */
    private static final Argon2Params FAST = new Argon2Params(1024, 1, 1);
    private static final byte[] SECRETS = "K_id private key bytes: 0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;
    private Keystore keystore;
    private final SecureRandom random = TestKeys.random(11);

    @BeforeEach
    void seal() throws Exception {
        keystore = new Keystore(folder.resolve("identity.keystore"));
        keystore.seal(SECRETS, "correct horse".toCharArray(), FAST, random);
    }

    @Test
    void theRightPassphraseOpensIt() throws Exception {
        assertArrayEquals(SECRETS, keystore.open("correct horse".toCharArray()));
    }

    @Test
    void aWrongPassphraseIsAPlainErrorAndChangesNothing() throws Exception {
        byte[] before = Files.readAllBytes(keystore.file());
        KeystoreException e = assertThrows(KeystoreException.class, () -> keystore.open("correct horsE".toCharArray()));
        assertEquals(KeystoreException.Reason.WRONG_PASSPHRASE, e.reason());
        assertEquals("The passphrase is wrong. Nothing was changed.", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(keystore.file()));
    }

    @Test
    void theFileHoldsNoSecretInTheClear() throws Exception {
        byte[] file = Files.readAllBytes(keystore.file());
        for (int i = 0; i + 8 <= SECRETS.length; i++) {
            byte[] window = Arrays.copyOfRange(SECRETS, i, i + 8);
            assertFalse(contains(file, window), "secret bytes at " + i + " appear in the file");
        }
        assertFalse(contains(file, "correct horse".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyTheOwnerMayReadTheFile() throws Exception {
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(keystore.file()));
        }
    }

    @Test
    void aTruncatedFileIsCalledDamaged() throws Exception {
        byte[] whole = Files.readAllBytes(keystore.file());
        for (int length : new int[] {0, 5, 8, 40, 60, whole.length - 17, whole.length - 1}) {
            Files.write(keystore.file(), Arrays.copyOf(whole, length));
            KeystoreException e = assertThrows(KeystoreException.class,
                    () -> keystore.open("correct horse".toCharArray()), "length " + length);
            assertEquals(KeystoreException.Reason.DAMAGED, e.reason(), "length " + length + ": " + e.getMessage());
        }
    }

    @Test
    void aForgedHeaderCannotMakeTheAppSpendUnboundedMemory() throws Exception {
        byte[] file = Files.readAllBytes(keystore.file());
        for (int[] forged : new int[][] {{8, Integer.MAX_VALUE}, {12, 0}, {12, 1_000_000}, {16, 0}, {16, -1}}) {
            byte[] altered = file.clone();
            ByteBuffer.wrap(altered).putInt(forged[0], forged[1]);
            Files.write(keystore.file(), altered);
            KeystoreException e = assertThrows(KeystoreException.class,
                    () -> keystore.open("correct horse".toCharArray()), "offset " + forged[0] + " = " + forged[1]);
            assertEquals(KeystoreException.Reason.DAMAGED, e.reason());
        }
    }

    @Test
    void aChangedHeaderOrSealedByteDoesNotOpen() throws Exception {
        byte[] whole = Files.readAllBytes(keystore.file());
        for (int index : new int[] {20, 30, 50, whole.length - 1}) {
            byte[] altered = whole.clone();
            altered[index] ^= 1;
            Files.write(keystore.file(), altered);
            assertThrows(KeystoreException.class, () -> keystore.open("correct horse".toCharArray()), "byte " + index);
        }
    }

    @Test
    void changingThePassphraseKeepsTheSecrets() throws Exception {
        keystore.changePassphrase("correct horse".toCharArray(), "battery staple".toCharArray(), FAST, random);
        assertArrayEquals(SECRETS, keystore.open("battery staple".toCharArray()));
        assertEquals(KeystoreException.Reason.WRONG_PASSPHRASE, assertThrows(KeystoreException.class,
                () -> keystore.open("correct horse".toCharArray())).reason());

        byte[] before = Files.readAllBytes(keystore.file());
        assertThrows(KeystoreException.class, () -> keystore.changePassphrase("wrong".toCharArray(),
                "new".toCharArray(), FAST, random));
        assertArrayEquals(before, Files.readAllBytes(keystore.file()), "a wrong old passphrase changes nothing");
        try (var files = Files.list(folder)) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void aMissingFileSaysSo() {
        Keystore none = new Keystore(folder.resolve("none"));
        assertEquals(KeystoreException.Reason.MISSING,
                assertThrows(KeystoreException.class, () -> none.open("x".toCharArray())).reason());
    }
}
