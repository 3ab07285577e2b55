package chat.mz.identity;

import chat.mz.crypto.Bytes;
import java.util.Objects;

/**
 * What a device keeps sealed in its {@link Keystore}: its private keys, its certificate and the
 * account it belongs to. Only the authorized device (the desktop that created the account) holds
 * the root identity key.
 *
 * @param rootPrivateKey       K_id's private key, or null on a linked device
 * @param signingPrivateKey    the device's Ed25519 private key
 * @param encryptionPrivateKey the device's encryption private key (PKCS#8)
 * @param certificate          the device's certificate, countersigned
 * @param username             the account's name
 * @param rootPublicKey        K_id's public key, which every signed statement is checked against
 */
public record IdentitySecrets(byte[] rootPrivateKey, byte[] signingPrivateKey, byte[] encryptionPrivateKey,
                              DeviceCertificate certificate, String username, byte[] rootPublicKey) {
    static final String LABEL = "mzchat/identity-secrets/v1";

    public IdentitySecrets {
        Objects.requireNonNull(signingPrivateKey, "signingPrivateKey");
        Objects.requireNonNull(encryptionPrivateKey, "encryptionPrivateKey");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(rootPublicKey, "rootPublicKey");
    }

    public boolean holdsRootKey() {
        return rootPrivateKey != null;
    }

    public byte[] encode() {
        return Canonical.writer(LABEL).bytes(rootPrivateKey == null ? new byte[0] : rootPrivateKey)
                .bytes(signingPrivateKey).bytes(encryptionPrivateKey).bytes(certificate.encode()).text(username)
                .bytes(rootPublicKey).toByteArray();
    }

    public static IdentitySecrets decode(byte[] encoded) throws IdentityException {
        Canonical.Reader in = Canonical.reader(encoded, LABEL);
        byte[] root = in.bytes();
        IdentitySecrets secrets = new IdentitySecrets(root.length == 0 ? null : root, in.bytes(), in.bytes(),
                DeviceCertificate.decode(in.bytes()), in.text(), in.bytes());
        in.end();
        return secrets;
    }

    /** Overwrites the private keys in memory; call when the app locks or exits. */
    public void wipe() {
        if (rootPrivateKey != null) {
            Bytes.wipe(rootPrivateKey);
        }
        Bytes.wipe(signingPrivateKey);
        Bytes.wipe(encryptionPrivateKey);
    }
}
