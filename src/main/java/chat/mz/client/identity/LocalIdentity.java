package chat.mz.client.identity;

import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.identity.IdentityException;
import chat.mz.identity.IdentitySecrets;
import chat.mz.identity.Keystore;
import chat.mz.identity.KeystoreException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * This device's identity on disk, in the app's data folder: {@code identity.keystore} (the sealed
 * {@link IdentitySecrets}) and {@code account.properties} (the {@link AccountFacts}). A new account
 * is sealed into {@code identity.keystore.pending} first and only renamed into place once the
 * homeserver has registered it, so a failed registration never leaves a keystore that claims an
 * account.
 */
public final class LocalIdentity {
    public static final String KEYSTORE_FILE = "identity.keystore";
    public static final String FACTS_FILE = "account.properties";
    static final String PENDING_SUFFIX = ".pending";

    private final Path dataDir;

    public LocalIdentity(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
    }

    public Path keystoreFile() {
        return dataDir.resolve(KEYSTORE_FILE);
    }

    public Path factsFile() {
        return dataDir.resolve(FACTS_FILE);
    }

    /** Whether this device has an account (even a half-written one, which must not be overwritten). */
    public boolean exists() {
        return Files.exists(keystoreFile()) || Files.exists(factsFile());
    }

    /**
     * The account's facts.
     *
     * @throws IOException with a plain sentence when there is no account here or the file is damaged
     */
    public AccountFacts facts() throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(factsFile(), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new IOException("There is no account on this device yet (" + factsFile()
                    + " is missing). Create one with \"mzchat init\".", e);
        }
        try {
            return new AccountFacts(URI.create(required(properties, "homeserver")), required(properties, "user_id"),
                    required(properties, "username"), required(properties, "device_id"),
                    required(properties, "device_name"));
        } catch (IllegalArgumentException e) {
            throw new IOException("The account file " + factsFile() + " is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the keystore. A wrong passphrase changes nothing and says so.
     *
     * @throws KeystoreException wrong passphrase, damaged or missing keystore (plain sentences)
     * @throws IdentityException the keystore's contents do not decode, or belong to another account
     *                           than {@code account.properties} names
     */
    public UnlockedIdentity unlock(char[] passphrase) throws IOException, KeystoreException, IdentityException {
        AccountFacts facts = facts();
        byte[] encoded = new Keystore(keystoreFile()).open(passphrase);
        IdentitySecrets secrets;
        try {
            secrets = IdentitySecrets.decode(encoded);
        } finally {
            Bytes.wipe(encoded);
        }
        if (!secrets.certificate().body().userId().equals(facts.userId())
                || !secrets.certificate().body().deviceId().equals(facts.deviceId())) {
            secrets.wipe();
            throw new IdentityException(IdentityException.Reason.WRONG_USER, "The keystore holds another device "
                    + "or account than " + factsFile() + " names; one of the two files was replaced.");
        }
        return new UnlockedIdentity(secrets, facts);
    }

    /**
     * Seals this device's keys under a new passphrase (fresh salt and nonce). A wrong current
     * passphrase throws before anything is written, so the keystore stays as it was.
     *
     * @throws KeystoreException wrong current passphrase, damaged or missing keystore (plain sentences)
     */
    public void changePassphrase(char[] current, char[] next, Argon2Params argon2, SecureRandom random)
            throws IOException, KeystoreException {
        new Keystore(keystoreFile()).changePassphrase(current, next, argon2, random);
    }

    /** Where a new account's secrets wait until the homeserver has registered it. */
    Keystore pendingKeystore() {
        return new Keystore(dataDir.resolve(KEYSTORE_FILE + PENDING_SUFFIX));
    }

    /** The account is registered: its keystore moves into place and its facts are written. */
    void commit(AccountFacts facts) throws IOException {
        move(pendingKeystore().file(), keystoreFile());
        Properties properties = new Properties();
        properties.setProperty("homeserver", facts.homeserver().toString());
        properties.setProperty("user_id", facts.userId());
        properties.setProperty("username", facts.username());
        properties.setProperty("device_id", facts.deviceId());
        properties.setProperty("device_name", facts.deviceName());
        Path temp = Files.createTempFile(dataDir, ".account", ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(out, "mzchat account of this device (no secrets: those are in " + KEYSTORE_FILE + ")");
            }
            move(temp, factsFile());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Registration failed: the new secrets go. */
    void discardPending() throws IOException {
        Files.deleteIfExists(pendingKeystore().file());
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("\"" + key + "\" is missing");
        }
        return value.strip();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
