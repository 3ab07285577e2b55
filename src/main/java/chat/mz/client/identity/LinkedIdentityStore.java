package chat.mz.client.identity;

import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.identity.IdentitySecrets;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Puts a newly linked device's identity in place: its secrets (no root key; its countersigned
 * certificate; its signing and encryption private keys) sealed under the passphrase into
 * {@code identity.keystore}, and its {@link AccountFacts} next to it. The keystore is sealed into the
 * pending file first and moved into place with the facts, as {@link AccountCreator} does, so a
 * failure never leaves a half-written identity that claims an account.
 */
public final class LinkedIdentityStore {
    private final LocalIdentity local;
    private final Argon2Params argon2;
    private final SecureRandom random;

    /** @param argon2 how hard the passphrase is stretched; {@link Argon2Params#interactive()} outside tests */
    public LinkedIdentityStore(LocalIdentity local, Argon2Params argon2, SecureRandom random) {
        this.local = Objects.requireNonNull(local, "local");
        this.argon2 = Objects.requireNonNull(argon2, "argon2");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Seals and stores the secrets. Takes ownership of {@code secrets}: they are wiped if storing fails,
     * and otherwise belong to the returned identity (the caller closes it). The passphrase is not kept.
     *
     * @throws IllegalStateException if this device has an identity already (nothing is changed)
     * @throws IOException           if a file cannot be written (nothing is left behind)
     */
    public UnlockedIdentity store(IdentitySecrets secrets, AccountFacts facts, char[] passphrase) throws IOException {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(facts, "facts");
        if (secrets.holdsRootKey()) {
            secrets.wipe();
            throw new IllegalArgumentException("A linked device never holds the account's identity key.");
        }
        if (!secrets.certificate().body().userId().equals(facts.userId())
                || !secrets.certificate().body().deviceId().equals(facts.deviceId())) {
            secrets.wipe();
            throw new IllegalArgumentException("The certificate names another account or device than the facts.");
        }
        if (local.exists()) {
            secrets.wipe();
            throw new IllegalStateException("This device has an account already (" + local.keystoreFile()
                    + "). Nothing was changed.");
        }
        byte[] encoded = secrets.encode();
        try {
            local.pendingKeystore().seal(encoded, passphrase, argon2, random);
            local.commit(facts);
        } catch (IOException | RuntimeException e) {
            secrets.wipe();
            try {
                local.discardPending();
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw e;
        } finally {
            Bytes.wipe(encoded);
        }
        return new UnlockedIdentity(secrets, facts);
    }
}
