package chat.mz.identity;

import chat.mz.crypto.Ed25519;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * K_id's signed statement that a device no longer speaks for the account, for example because the
 * phone was lost. Anyone who knows the account's K_id public key can check it.
 *
 * @param body      what is revoked, when and why
 * @param signature K_id's Ed25519 signature over the body's {@link Canonical} encoding
 */
public record Revocation(Body body, byte[] signature) {
    static final String BODY_LABEL = "mzchat/revocation/v1";
    static final String ENVELOPE_LABEL = "mzchat/revocation-envelope/v1";

    public Revocation {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(signature, "signature");
    }

    /** What a revocation says. */
    public record Body(String userId, String deviceId, Instant revokedAt, String reason) {
        public Body {
            Ids.requireId(userId, "user id");
            Ids.requireId(deviceId, "device id");
            revokedAt = revokedAt.truncatedTo(ChronoUnit.SECONDS);
            reason = reason == null || reason.isBlank() ? "" : Ids.requireLabel(reason, "reason", 200);
        }

        public byte[] encode() {
            return Canonical.writer(BODY_LABEL).text(userId).text(deviceId).int64(revokedAt.getEpochSecond())
                    .text(reason).toByteArray();
        }

        static Body decode(byte[] encoded) throws IdentityException {
            Canonical.Reader in = Canonical.reader(encoded, BODY_LABEL);
            Body body;
            try {
                body = new Body(in.text(), in.text(), Instant.ofEpochSecond(in.int64()), in.text());
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IdentityException(IdentityException.Reason.MALFORMED,
                        "The revocation is malformed: " + e.getMessage() + ".");
            }
            in.end();
            return body;
        }
    }

    public static Revocation sign(Body body, byte[] rootPrivateKey) {
        return new Revocation(body, Ed25519.sign(rootPrivateKey, body.encode()));
    }

    public void verify(byte[] rootPublicKey, String userId) throws IdentityException {
        if (!body.userId().equals(userId)) {
            throw new IdentityException(IdentityException.Reason.WRONG_USER,
                    "This revocation belongs to another account.");
        }
        if (!Ed25519.verify(rootPublicKey, body.encode(), signature)) {
            throw new IdentityException(IdentityException.Reason.BAD_SIGNATURE,
                    "This revocation was not signed by the account's identity key.");
        }
    }

    public byte[] encode() {
        return Canonical.writer(ENVELOPE_LABEL).bytes(body.encode()).bytes(signature).toByteArray();
    }

    public static Revocation decode(byte[] encoded) throws IdentityException {
        Canonical.Reader in = Canonical.reader(encoded, ENVELOPE_LABEL);
        Body body = Body.decode(in.bytes());
        byte[] signature = in.bytes();
        in.end();
        return new Revocation(body, signature);
    }
}
