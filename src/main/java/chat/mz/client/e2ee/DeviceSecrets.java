package chat.mz.client.e2ee;

/**
 * This device's private keys, lent for one operation at a time rather than handed out: the
 * unlocked identity implements it, and a locked one refuses. A lent key must not be kept past the
 * call; the lender may wipe it afterwards.
 */
public interface DeviceSecrets {
    /** Who this device is: what it signs as and what keys are sealed to. */
    DeviceRef device();

    /** Runs {@code use} with this device's Ed25519 private key (the 32-byte seed). */
    <T> T withSigningKey(KeyUse<T> use) throws E2eeException;

    /** Runs {@code use} with this device's RSA-OAEP private key (PKCS#8). */
    <T> T withEncryptionKey(KeyUse<T> use) throws E2eeException;

    /** One use of a lent key. */
    @FunctionalInterface
    interface KeyUse<T> {
        T apply(byte[] key) throws E2eeException;
    }
}
