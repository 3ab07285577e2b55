package chat.mz.crypto;

import static chat.mz.crypto.TestRandom.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Argon2id with small parameters, so the class runs in well under a second; the production
 * parameters are {@link Argon2Params#interactive()}.
 */
class Argon2idTest {
    private static final byte[] SALT = "mzchat salt 0123".getBytes(StandardCharsets.US_ASCII);
    private static final Argon2Params SMALL = new Argon2Params(256, 2, 1);

    /**
     * Expected values from the reference implementation's command-line tool (Debian package
     * argon2 0~20171227), e.g. {@code echo -n "correct horse battery staple" | argon2 "mzchat salt
     * 0123" -id -t 2 -k 256 -p 1 -l 32 -r}: same passphrase bytes, same parameter mapping.
     */
    @Test
    void matchesTheReferenceImplementation() {
        assertArrayEquals(hex("fb3e676e078db8d8308fc8cb08d5ee7f540ca26f4792a7ffa8bf6691704a2bac"),
                Argon2id.derive("correct horse battery staple".toCharArray(), SALT, SMALL, 32));
        assertArrayEquals(hex("15a10d122a57fa94025d1f3eff4f617cd7fe4f45f8a963a475806acd03e967bb"),
                Argon2id.derive("correct horse battery staple".toCharArray(), SALT, new Argon2Params(1024, 1, 4), 32));
    }

    /** Non-ASCII, including a character outside the BMP (a surrogate pair in Java), goes in as UTF-8. */
    @Test
    void encodesThePassphraseAsUtf8() {
        assertArrayEquals(hex("eb7cf72c60535cf688e6066d9cf4903ce07dca09ae002961790b396606c13806"),
                Argon2id.derive("pässwörd \uD83D\uDD11".toCharArray(), SALT, SMALL, 32));
    }

    @Test
    void isDeterministic() {
        assertArrayEquals(derive("pass", SALT, SMALL, 32), derive("pass", SALT, SMALL, 32));
    }

    @Test
    void everyInputChangesTheResult() {
        byte[] base = derive("pass", SALT, SMALL, 32);
        assertDiffers(base, derive("pasS", SALT, SMALL, 32), "passphrase");
        assertDiffers(base, derive("pass", TestRandom.flip(SALT, 15), SMALL, 32), "salt");
        assertDiffers(base, derive("pass", SALT, new Argon2Params(264, 2, 1), 32), "memory");
        assertDiffers(base, derive("pass", SALT, new Argon2Params(256, 3, 1), 32), "iterations");
        assertDiffers(base, derive("pass", SALT, new Argon2Params(256, 2, 2), 32), "parallelism");
        // the length is hashed into the start, so a shorter output is not a prefix
        assertDiffers(Arrays.copyOf(base, 16), derive("pass", SALT, SMALL, 16), "length");
    }

    @Test
    void leavesThePassphraseToTheCaller() {
        char[] passphrase = "pass".toCharArray();
        derive(passphrase, SALT, SMALL, 32);
        assertArrayEquals("pass".toCharArray(), passphrase);
    }

    @Test
    void refusesWhatRfc9106DoesNotAllow() {
        assertThrows(IllegalArgumentException.class, () -> derive("pass", new byte[7], SMALL, 32), "salt");
        assertThrows(IllegalArgumentException.class, () -> derive("pass", null, SMALL, 32), "no salt");
        assertThrows(IllegalArgumentException.class, () -> derive("pass", SALT, SMALL, 3), "length");
        assertThrows(IllegalArgumentException.class, () -> new Argon2Params(15, 1, 2), "memory per lane");
        assertThrows(IllegalArgumentException.class, () -> new Argon2Params(256, 0, 1), "iterations");
        assertThrows(IllegalArgumentException.class, () -> new Argon2Params(256, 1, 0), "parallelism");
    }

    @Test
    void refusesPassphrasesWithoutAUtf8Encoding() {
        assertThrows(IllegalArgumentException.class, () -> derive("ab\uD800cd", SALT, SMALL, 32));
    }

    @Test
    void emptyPassphraseIsAllowed() {
        assertEquals(32, derive("", SALT, SMALL, 32).length);
    }

    /** Pinned so a change is deliberate: existing keystores store their own parameters. */
    @Test
    void interactiveParameters() {
        assertEquals(new Argon2Params(65_536, 3, 1), Argon2Params.interactive());
    }

    private static byte[] derive(String passphrase, byte[] salt, Argon2Params params, int length) {
        return derive(passphrase.toCharArray(), salt, params, length);
    }

    private static byte[] derive(char[] passphrase, byte[] salt, Argon2Params params, int length) {
        return Argon2id.derive(passphrase, salt, params, length);
    }

    private static void assertDiffers(byte[] a, byte[] b, String what) {
        assertFalse(Arrays.equals(a, b), what + " should change the result");
    }
}
