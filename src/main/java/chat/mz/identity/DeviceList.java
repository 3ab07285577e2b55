package chat.mz.identity;

import chat.mz.crypto.Ed25519;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The account's current devices, as K_id signed them. The server stores and serves the list but
 * cannot change it: a device it slips in breaks the signature, and a revocation it hides means
 * serving an older list, whose lower version a client that has seen a newer one refuses.
 *
 * @param body      the account, the version and the devices
 * @param signature K_id's Ed25519 signature over the body's {@link Canonical} encoding
 */
public record DeviceList(Body body, byte[] signature) {
    static final String BODY_LABEL = "mzchat/device-list/v1";
    static final String ENVELOPE_LABEL = "mzchat/device-list-envelope/v1";

    public DeviceList {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(signature, "signature");
    }

    /** One device: its id and the fingerprint of its certificate. */
    public record Entry(String deviceId, byte[] certificateFingerprint) {
        public Entry {
            Ids.requireId(deviceId, "device id");
            if (certificateFingerprint == null || certificateFingerprint.length != 32) {
                throw new IllegalArgumentException("a certificate fingerprint is 32 bytes");
            }
        }

        public static Entry of(DeviceCertificate certificate) {
            return new Entry(certificate.body().deviceId(), certificate.fingerprint());
        }
    }

    /** What the list says; entries are kept sorted by device id, so the encoding is canonical. */
    public record Body(String userId, long version, Instant issuedAt, List<Entry> devices) {
        public Body {
            Ids.requireId(userId, "user id");
            if (version < 1) {
                throw new IllegalArgumentException("device list versions start at 1");
            }
            issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
            List<Entry> sorted = new ArrayList<>(devices);
            sorted.sort(Comparator.comparing(Entry::deviceId));
            Set<String> seen = new HashSet<>();
            for (Entry entry : sorted) {
                if (!seen.add(entry.deviceId())) {
                    throw new IllegalArgumentException("a device is listed twice");
                }
            }
            devices = List.copyOf(sorted);
        }

        public byte[] encode() {
            Canonical.Writer out = Canonical.writer(BODY_LABEL).text(userId).int64(version)
                    .int64(issuedAt.getEpochSecond()).int64(devices.size());
            for (Entry entry : devices) {
                out.text(entry.deviceId()).bytes(entry.certificateFingerprint());
            }
            return out.toByteArray();
        }

        static Body decode(byte[] encoded) throws IdentityException {
            Canonical.Reader in = Canonical.reader(encoded, BODY_LABEL);
            try {
                String userId = in.text();
                long version = in.int64();
                Instant issuedAt = Instant.ofEpochSecond(in.int64());
                long count = in.int64();
                if (count < 0 || count > 10_000) {
                    throw new IllegalArgumentException("a list of " + count + " devices");
                }
                List<Entry> devices = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    devices.add(new Entry(in.text(), in.bytes()));
                }
                in.end();
                return new Body(userId, version, issuedAt, devices);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IdentityException(IdentityException.Reason.MALFORMED,
                        "The device list is malformed: " + e.getMessage() + ".");
            }
        }
    }

    public static DeviceList sign(Body body, byte[] rootPrivateKey) {
        return new DeviceList(body, Ed25519.sign(rootPrivateKey, body.encode()));
    }

    /** The first list of a new account: just the device that created it. */
    public static DeviceList first(DeviceCertificate device, Instant now, byte[] rootPrivateKey) {
        return sign(new Body(device.body().userId(), 1, now, List.of(Entry.of(device))), rootPrivateKey);
    }

    /** The next version, with {@code added} in it. */
    public DeviceList with(DeviceCertificate added, Instant now, byte[] rootPrivateKey) {
        List<Entry> devices = new ArrayList<>(body.devices());
        devices.removeIf(e -> e.deviceId().equals(added.body().deviceId()));
        devices.add(Entry.of(added));
        return sign(new Body(body.userId(), body.version() + 1, now, devices), rootPrivateKey);
    }

    /** The next version, without {@code deviceId}. */
    public DeviceList without(String deviceId, Instant now, byte[] rootPrivateKey) {
        List<Entry> devices = new ArrayList<>(body.devices());
        devices.removeIf(e -> e.deviceId().equals(deviceId));
        return sign(new Body(body.userId(), body.version() + 1, now, devices), rootPrivateKey);
    }

    public Optional<Entry> entry(String deviceId) {
        return body.devices().stream().filter(e -> e.deviceId().equals(deviceId)).findFirst();
    }

    /** Whether this exact certificate (not just its device id) is on the list. */
    public boolean lists(DeviceCertificate certificate) {
        return entry(certificate.body().deviceId())
                .map(e -> Arrays.equals(e.certificateFingerprint(), certificate.fingerprint()))
                .orElse(false);
    }

    /**
     * Checks the signature and the account, and that the list is not older than the newest one this
     * checker has seen ({@code minimumVersion}; 0 when none).
     */
    public void verify(byte[] rootPublicKey, String userId, long minimumVersion) throws IdentityException {
        if (!body.userId().equals(userId)) {
            throw new IdentityException(IdentityException.Reason.WRONG_USER,
                    "This device list belongs to another account.");
        }
        if (!Ed25519.verify(rootPublicKey, body.encode(), signature)) {
            throw new IdentityException(IdentityException.Reason.BAD_SIGNATURE,
                    "This device list was not signed by the account's identity key.");
        }
        if (body.version() < minimumVersion) {
            throw new IdentityException(IdentityException.Reason.ROLLBACK, "The homeserver served an older device "
                    + "list (version " + body.version() + ") than one seen before (version " + minimumVersion
                    + "); it may be hiding a revoked device.");
        }
    }

    public byte[] encode() {
        return Canonical.writer(ENVELOPE_LABEL).bytes(body.encode()).bytes(signature).toByteArray();
    }

    public static DeviceList decode(byte[] encoded) throws IdentityException {
        Canonical.Reader in = Canonical.reader(encoded, ENVELOPE_LABEL);
        Body body = Body.decode(in.bytes());
        byte[] signature = in.bytes();
        in.end();
        return new DeviceList(body, signature);
    }
}
