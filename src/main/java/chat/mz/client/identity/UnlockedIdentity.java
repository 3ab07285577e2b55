package chat.mz.client.identity;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.DeviceSecrets;
import chat.mz.client.e2ee.E2eeException;
import chat.mz.crypto.Bytes;
import chat.mz.crypto.Hkdf;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.IdentitySecrets;
import chat.mz.identity.LoginProof;
import chat.mz.identity.Revocation;
import chat.mz.protocol.account.LoginParams;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * This device's identity, unlocked: it signs with the keys but never hands them out. Close it when
 * the app locks or exits; that overwrites the private keys in memory, after which it signs nothing.
 */
public final class UnlockedIdentity implements DeviceSecrets, AutoCloseable {
    private static final byte[] HISTORY_KEY_LABEL = "mzchat/history-file-key/v1".getBytes(StandardCharsets.UTF_8);

    private final IdentitySecrets secrets;
    private final AccountFacts facts;
    private volatile boolean closed;

    UnlockedIdentity(IdentitySecrets secrets, AccountFacts facts) {
        this.secrets = secrets;
        this.facts = facts;
    }

    public AccountFacts facts() {
        return facts;
    }

    public String userId() {
        return secrets.certificate().body().userId();
    }

    public String deviceId() {
        return secrets.certificate().body().deviceId();
    }

    public String username() {
        return secrets.username();
    }

    public DeviceCertificate certificate() {
        return secrets.certificate();
    }

    public byte[] rootPublicKey() {
        return secrets.rootPublicKey().clone();
    }

    /** Whether this is the account's authorized device, the one holding K_id. */
    public boolean holdsRootKey() {
        return secrets.holdsRootKey();
    }

    /** The {@code Login} parameters for a connection whose {@code ServerHello} said this. */
    public LoginParams loginParams(String serverName, byte[] loginNonce) {
        requireOpen();
        byte[] signature = LoginProof.sign(secrets.signingPrivateKey(), serverName, loginNonce, userId(), deviceId());
        return new LoginParams(userId(), deviceId(), certificate().encode(), signature);
    }

    /**
     * The 32-byte key of this device's local history file. It is derived from the device's signing
     * key, under its own label, so the keystore (and so the passphrase) guards it without a second
     * secret to store, and changing the passphrase leaves the history as it is. The caller wipes it.
     */
    public byte[] historyKey() {
        requireOpen();
        return Hkdf.derive(("mzchat history " + userId() + " " + deviceId()).getBytes(StandardCharsets.UTF_8),
                secrets.signingPrivateKey(), HISTORY_KEY_LABEL, 32);
    }

    @Override
    public DeviceRef device() {
        return new DeviceRef(userId(), deviceId());
    }

    /** Lends a copy of the device's signing key, wiped once {@code use} returns. */
    @Override
    public <T> T withSigningKey(KeyUse<T> use) throws E2eeException {
        requireOpen();
        byte[] key = secrets.signingPrivateKey().clone();
        try {
            return use.apply(key);
        } finally {
            Bytes.wipe(key);
        }
    }

    /** Lends a copy of the device's encryption key, wiped once {@code use} returns. */
    @Override
    public <T> T withEncryptionKey(KeyUse<T> use) throws E2eeException {
        requireOpen();
        byte[] key = secrets.encryptionPrivateKey().clone();
        try {
            return use.apply(key);
        } finally {
            Bytes.wipe(key);
        }
    }

    /** K_id issues a certificate for a newly linked device. */
    public DeviceCertificate issue(DeviceCertificate.Body body) {
        return DeviceCertificate.issue(body, rootKey());
    }

    /** K_id signs the next device list, with {@code added} on it. */
    public DeviceList listWith(DeviceList current, DeviceCertificate added, Instant now) {
        return current.with(added, now, rootKey());
    }

    /** K_id signs the next device list, without {@code deviceId}. */
    public DeviceList listWithout(DeviceList current, String deviceId, Instant now) {
        return current.without(deviceId, now, rootKey());
    }

    /** K_id signs a revocation of {@code deviceId}. */
    public Revocation revocation(String deviceId, String reason, Instant now) {
        return Revocation.sign(new Revocation.Body(userId(), deviceId, now, reason), rootKey());
    }

    /** Overwrites the private keys in memory. */
    @Override
    public void close() {
        closed = true;
        secrets.wipe();
    }

    private byte[] rootKey() {
        requireOpen();
        if (!secrets.holdsRootKey()) {
            throw new IllegalStateException("Only the account's authorized device (the one that created it) "
                    + "can sign for the account.");
        }
        return secrets.rootPrivateKey();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The identity is locked; unlock it again.");
        }
    }
}
