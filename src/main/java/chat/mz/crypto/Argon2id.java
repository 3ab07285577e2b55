package chat.mz.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106, version 0x13) password hashing, to turn the user's passphrase into the key
 * that seals the keystore. Backed by BouncyCastle's {@link Argon2BytesGenerator}.
 *
 * <p>The passphrase is encoded as UTF-8, so the same passphrase gives the same key on every
 * platform and in every other Argon2 implementation. The encoded copy is wiped as soon as the
 * derivation is done; the caller's {@code char[]} is left for the caller to wipe.
 */
public final class Argon2id {
    /** RFC 9106 §3.1 minimum; 16 random bytes are recommended. */
    public static final int MIN_SALT_BYTES = 8;
    /** RFC 9106 §3.1 minimum tag length. */
    public static final int MIN_LENGTH = 4;

    private Argon2id() {
    }

    /**
     * Derives {@code length} bytes from a passphrase. Deterministic; slow on purpose (see
     * {@link Argon2Params#interactive()}), so call it off the UI thread.
     *
     * @param passphrase not modified; may be empty (choosing a passphrase policy is not this
     *        class's job)
     * @param salt at least {@link #MIN_SALT_BYTES} bytes; use 16 fresh random bytes per keystore
     * @throws IllegalArgumentException if the salt is too short, {@code length} is below
     *         {@link #MIN_LENGTH}, or the passphrase holds an unpaired surrogate (it has no UTF-8
     *         encoding, and replacing it would let different passphrases give the same key)
     */
    public static byte[] derive(char[] passphrase, byte[] salt, Argon2Params params, int length) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(params, "params");
        if (salt == null || salt.length < MIN_SALT_BYTES) {
            throw new IllegalArgumentException("Argon2 salt must be at least " + MIN_SALT_BYTES + " bytes");
        }
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException("Argon2 output must be at least " + MIN_LENGTH + " bytes, not " + length);
        }
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .build();
        byte[] password = utf8(passphrase);
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] output = new byte[length];
            generator.generateBytes(password, output);
            return output;
        } finally {
            Bytes.wipe(password);
            parameters.clear();
        }
    }

    /**
     * UTF-8 bytes of {@code chars}, going through no buffer that is left unwiped: the output buffer
     * is sized for the worst case up front (3 bytes per UTF-16 unit) so the encoder never grows it
     * and leaves an old copy behind, then cut to size and wiped.
     */
    private static byte[] utf8(char[] chars) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.allocate(chars.length * 3);
        try {
            CoderResult result = encoder.encode(CharBuffer.wrap(chars), buffer, true);
            if (result.isUnderflow()) {
                result = encoder.flush(buffer);
            }
            if (!result.isUnderflow()) {
                result.throwException();
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("passphrase is not valid Unicode (unpaired surrogate)", e);
        } finally {
            Bytes.wipe(buffer.array());
        }
    }
}
