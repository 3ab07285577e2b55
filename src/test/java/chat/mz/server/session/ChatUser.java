package chat.mz.server.session;

import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.Ids;
import chat.mz.identity.Revocation;
import chat.mz.identity.UserIds;
import chat.mz.protocol.account.PublishDeviceParams;
import chat.mz.protocol.account.RegisterParams;
import chat.mz.protocol.account.RevokeDeviceParams;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account as its authorized device holds it: the root key, its devices and the current signed
 * list. One RSA key serves every device: making one takes half a second, and the homeserver only
 * checks that it is a valid 3072-bit key.
 */
public final class ChatUser {
    private static final RsaKeyPair ENCRYPTION = RsaOaep.generate(new SecureRandom());
    /** Certificates start a little in the past, so a server clock slightly behind still accepts them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    /** One device: its signing keys and countersigned certificate. */
    public record Device(Ed25519KeyPair keys, DeviceCertificate certificate) {
        public String id() {
            return certificate.body().deviceId();
        }
    }

    private final String username;
    private final Ed25519KeyPair root;
    private final SecureRandom random;
    private final List<Device> devices = new ArrayList<>();
    private DeviceList list;

    private ChatUser(String username, Ed25519KeyPair root, SecureRandom random) {
        this.username = username;
        this.root = root;
        this.random = random;
    }

    /** A new account with one device, not yet registered. */
    public static ChatUser create(String username, SecureRandom random) {
        ChatUser user = new ChatUser(username, Ed25519.generate(random), random);
        Device first = user.newDevice();
        user.devices.add(first);
        user.list = DeviceList.first(first.certificate(), Instant.now(), user.root.privateKey());
        return user;
    }

    public String username() {
        return username;
    }

    public String userId() {
        return UserIds.fromRootKey(root.publicKey());
    }

    public Device device(int index) {
        return devices.get(index);
    }

    public int deviceCount() {
        return devices.size();
    }

    RegisterParams registerParams() {
        return new RegisterParams(username, root.publicKey(), devices.get(0).certificate().encode(), list.encode());
    }

    /** Certifies one more device and answers what publishing it takes; the device counts once published. */
    PublishDeviceParams addDevice() {
        Device added = newDevice();
        DeviceList next = list.with(added.certificate(), Instant.now(), root.privateKey());
        devices.add(added);
        list = next;
        return new PublishDeviceParams(added.certificate().encode(), next.encode());
    }

    /** Takes device {@code index} back and answers what revoking it takes. */
    RevokeDeviceParams revoke(int index) {
        String deviceId = devices.get(index).id();
        Revocation revocation = Revocation.sign(new Revocation.Body(userId(), deviceId, Instant.now(), "lost"),
                root.privateKey());
        list = list.without(deviceId, Instant.now(), root.privateKey());
        return new RevokeDeviceParams(revocation.encode(), list.encode());
    }

    private Device newDevice() {
        Ed25519KeyPair keys = Ed25519.generate(random);
        Instant issuedAt = Instant.now().minus(BACKDATE);
        DeviceCertificate.Body body = new DeviceCertificate.Body(DeviceCertificate.VERSION, userId(),
                Ids.random(random), "test device", "linux", keys.publicKey(), ENCRYPTION.publicKeySpki(),
                RsaOaep.ALG, issuedAt, issuedAt.plus(DeviceCertificate.DEFAULT_LIFETIME));
        return new Device(keys, DeviceCertificate.issue(body, root.privateKey()).countersign(keys.privateKey()));
    }
}
