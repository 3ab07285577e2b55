package chat.mz.identity;

import chat.mz.crypto.Ed25519;

/**
 * A device's answer to a homeserver's login challenge: its signature over the server's name, the
 * nonce the server sent on this connection, and who is logging in. Naming the server keeps a proof
 * made for one server from being replayed to another; the nonce keeps it from being replayed at all.
 */
public final class LoginProof {
    static final String LABEL = "mzchat/login/v1";

    private LoginProof() {
    }

    public static byte[] sign(byte[] devicePrivateKey, String serverName, byte[] nonce, String userId,
                              String deviceId) {
        return Ed25519.sign(devicePrivateKey, message(serverName, nonce, userId, deviceId));
    }

    public static boolean verify(byte[] devicePublicKey, byte[] signature, String serverName, byte[] nonce,
                                 String userId, String deviceId) {
        return Ed25519.verify(devicePublicKey, message(serverName, nonce, userId, deviceId), signature);
    }

    private static byte[] message(String serverName, byte[] nonce, String userId, String deviceId) {
        return Canonical.writer(LABEL).text(serverName).bytes(nonce).text(userId).text(deviceId).toByteArray();
    }
}
