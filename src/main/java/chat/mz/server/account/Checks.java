package chat.mz.server.account;

import chat.mz.crypto.CryptoException;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaOaep;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.IdentityException;
import chat.mz.identity.Revocation;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reading signed statements that came over the wire: every way they fail becomes
 * {@link ErrorCode#IDENTITY_INVALID} with the identity code's own sentence.
 */
final class Checks {
    private Checks() {
    }

    static DeviceCertificate certificate(byte[] encoded) {
        try {
            return DeviceCertificate.decode(encoded);
        } catch (IdentityException e) {
            throw invalid(e);
        }
    }

    static DeviceList deviceList(byte[] encoded) {
        try {
            return DeviceList.decode(encoded);
        } catch (IdentityException e) {
            throw invalid(e);
        }
    }

    static Revocation revocation(byte[] encoded) {
        try {
            return Revocation.decode(encoded);
        } catch (IdentityException e) {
            throw invalid(e);
        }
    }

    /** A list this server stored itself; failing to read it back is the server's fault, not the caller's. */
    static DeviceList storedList(byte[] encoded) {
        try {
            return DeviceList.decode(encoded);
        } catch (IdentityException e) {
            throw new IllegalStateException("a stored device list does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * The certificate's keys are ones every client can use: a valid Ed25519 signing key and an
     * encryption key of the one algorithm clients speak today (RSA-OAEP-3072).
     */
    static void usableKeys(DeviceCertificate certificate) {
        DeviceCertificate.Body body = certificate.body();
        if (!Ed25519.isValidPublicKey(body.signingKey())) {
            throw invalid("The device's signing key is not a valid Ed25519 public key.");
        }
        if (!RsaOaep.ALG.equals(body.encryptionAlg())) {
            throw invalid("The device's encryption key is of an unknown kind; " + RsaOaep.ALG + " is expected.");
        }
        try {
            RsaOaep.checkPublicKey(body.encryptionKey());
        } catch (CryptoException e) {
            throw invalid("The device's encryption key is not a valid " + RsaOaep.ALG + " key.");
        }
    }

    /** A list's devices as comparable values: device id to certificate fingerprint. */
    static Map<String, String> entries(DeviceList list) {
        Map<String, String> entries = new TreeMap<>();
        for (DeviceList.Entry entry : list.body().devices()) {
            entries.put(entry.deviceId(), fingerprint(entry));
        }
        return entries;
    }

    static String fingerprint(DeviceList.Entry entry) {
        return Base64.getEncoder().encodeToString(entry.certificateFingerprint());
    }

    static RpcException invalid(IdentityException e) {
        return invalid(e.getMessage());
    }

    static RpcException invalid(String message) {
        return new RpcException(ErrorCode.IDENTITY_INVALID, message);
    }

    static RpcException unknownUser() {
        return new RpcException(ErrorCode.UNKNOWN_USER);
    }
}
