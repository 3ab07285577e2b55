package chat.mz.identity;

import chat.mz.crypto.AesGcm;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Argon2id;
import chat.mz.crypto.Bytes;
import chat.mz.crypto.CryptoException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A file sealed under the user's passphrase: Argon2id turns the passphrase into an AES-256-GCM key;
 * the Argon2 parameters, salt and nonce sit in the file's header, which the encryption authenticates
 * too, so a changed parameter is caught like a changed byte of the secrets. Writes go through a
 * temporary file and an atomic rename, so a crash leaves the old file or the new one, never half.
 *
 * <p>Layout: {@code "MZKEYS01"}, memory KiB, iterations, parallelism (4 bytes each), salt (16),
 * nonce (12), sealed length (4), sealed bytes.
 */
public final class Keystore {
    private static final byte[] MAGIC = "MZKEYS01".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_BYTES = 16;
    private static final int HEADER_BYTES = MAGIC.length + 3 * Integer.BYTES + SALT_BYTES + AesGcm.NONCE_BYTES
            + Integer.BYTES;
    /** Refuse to spend more than this on a file's say-so: a forged header must not exhaust memory. */
    private static final int MAX_MEMORY_KIB = 1024 * 1024;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_SEALED_BYTES = 1024 * 1024;

    private final Path file;

    public Keystore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Seals {@code secrets} into the file, replacing what was there. */
    public void seal(byte[] secrets, char[] passphrase, Argon2Params params, SecureRandom random) throws IOException {
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[AesGcm.NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = Argon2id.derive(passphrase, salt, params, AesGcm.KEY_BYTES);
        try {
            byte[] header = header(params, salt, nonce, secrets.length + AesGcm.TAG_BYTES);
            byte[] sealed = AesGcm.seal(key, nonce, secrets, header);
            write(ByteBuffer.allocate(header.length + sealed.length).put(header).put(sealed).array());
        } finally {
            Bytes.wipe(key);
        }
    }

    /** Opens the file; the caller wipes the returned secrets when done with them. */
    public byte[] open(char[] passphrase) throws IOException, KeystoreException {
        byte[] contents;
        try {
            contents = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeystoreException(KeystoreException.Reason.MISSING, "There is no keystore at " + file + ".");
        }
        ByteBuffer in = ByteBuffer.wrap(contents);
        int memoryKiB;
        int iterations;
        int parallelism;
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[AesGcm.NONCE_BYTES];
        int sealedLength;
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw damaged("it is not an mzchat keystore");
            }
            memoryKiB = in.getInt();
            iterations = in.getInt();
            parallelism = in.getInt();
            in.get(salt).get(nonce);
            sealedLength = in.getInt();
        } catch (BufferUnderflowException e) {
            throw damaged("it is cut short");
        }
        if (parallelism < 1 || parallelism > 16 || memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB
                || iterations < 1 || iterations > MAX_ITERATIONS) {
            throw damaged("its key-derivation settings are out of range");
        }
        Argon2Params params = new Argon2Params(memoryKiB, iterations, parallelism);
        if (sealedLength < AesGcm.TAG_BYTES || sealedLength > MAX_SEALED_BYTES || sealedLength != in.remaining()) {
            throw damaged(sealedLength > in.remaining() ? "it is cut short" : "its length does not add up");
        }
        byte[] sealed = Arrays.copyOfRange(contents, HEADER_BYTES, contents.length);
        byte[] key = Argon2id.derive(passphrase, salt, params, AesGcm.KEY_BYTES);
        try {
            return AesGcm.open(key, nonce, sealed, Arrays.copyOfRange(contents, 0, HEADER_BYTES));
        } catch (CryptoException e) {
            throw new KeystoreException(KeystoreException.Reason.WRONG_PASSPHRASE,
                    "The passphrase is wrong. Nothing was changed.");
        } finally {
            Bytes.wipe(key);
        }
    }

    /** Re-seals under a new passphrase (and fresh salt and nonce); a wrong old one changes nothing. */
    public void changePassphrase(char[] oldPassphrase, char[] newPassphrase, Argon2Params params, SecureRandom random)
            throws IOException, KeystoreException {
        byte[] secrets = open(oldPassphrase);
        try {
            seal(secrets, newPassphrase, params, random);
        } finally {
            Bytes.wipe(secrets);
        }
    }

    private static byte[] header(Argon2Params params, byte[] salt, byte[] nonce, int sealedLength) {
        return ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(params.memoryKiB()).putInt(params.iterations())
                .putInt(params.parallelism()).put(salt).put(nonce).putInt(sealedLength).array();
    }

    private void write(byte[] contents) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, ".keystore", ".tmp");
        try {
            restrictToOwner(temp);
            Files.write(temp, contents);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder already keeps others out
        }
    }

    private static KeystoreException damaged(String why) {
        return new KeystoreException(KeystoreException.Reason.DAMAGED,
                "The keystore file is damaged (" + why + "). Restore it from a backup.");
    }
}
