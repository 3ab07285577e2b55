package chat.mz.bench;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.DeviceSecrets;
import chat.mz.client.e2ee.E2eeException;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.Ids;
import chat.mz.identity.LoginProof;
import chat.mz.identity.UserIds;
import chat.mz.protocol.Methods;
import chat.mz.protocol.ServerHello;
import chat.mz.protocol.account.LoginParams;
import chat.mz.protocol.account.PublishDeviceParams;
import chat.mz.protocol.account.RegisterParams;
import chat.mz.testing.LiveConnections;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One account of the re-key bench as its devices hold it: a root key of its own, two devices each
 * with its own Ed25519 signing key and a certificate issued by that root key, and a signed device
 * list naming both. Registered over the protocol as a client registers (the homeserver checks the
 * certificates and the list against the root key, and so does every client that looks the account
 * up). Only the devices' RSA encryption keys come from a small shared pool: making one costs up to a
 * second, and sealing to a key costs the same whichever key it is.
 */
final class RekeyMember {
    /** Certificates start a little in the past, so a clock slightly behind still accepts them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    /**
     * One device as its account made it: its signing keys, its encryption key pair and its countersigned
     * certificate. Logged in with a messenger running, it is a {@link RekeyDevice}.
     */
    record Device(Ed25519KeyPair keys, RsaKeyPair encryption, DeviceCertificate certificate) {
        String id() {
            return certificate.body().deviceId();
        }
    }

    private final String username;
    private final Ed25519KeyPair root;
    private final List<Device> devices = new ArrayList<>();
    private final DeviceList firstList;
    private final DeviceList fullList;

    /** A new account with {@code deviceCount} devices, not yet registered. */
    RekeyMember(String username, int deviceCount, RsaKeyPair[] rsaPool, int poolOffset, SecureRandom random) {
        this.username = username;
        this.root = Ed25519.generate(random);
        for (int i = 0; i < deviceCount; i++) {
            devices.add(newDevice(rsaPool[(poolOffset + i) % rsaPool.length], "bench device " + i, random));
        }
        Instant now = Instant.now();
        DeviceList list = DeviceList.first(devices.get(0).certificate(), now, root.privateKey());
        firstList = list;
        for (int i = 1; i < deviceCount; i++) {
            list = list.with(devices.get(i).certificate(), now, root.privateKey());
        }
        fullList = list;
    }

    String username() {
        return username;
    }

    String userId() {
        return UserIds.fromRootKey(root.publicKey());
    }

    Device device(int index) {
        return devices.get(index);
    }

    int deviceCount() {
        return devices.size();
    }

    /** Every device as a room key recipient, from its certificate. */
    List<RecipientDevice> recipients() throws E2eeException {
        List<RecipientDevice> recipients = new ArrayList<>();
        for (Device device : devices) {
            recipients.add(RecipientDevice.of(device.certificate()));
        }
        return recipients;
    }

    /**
     * Registers the account with its first device and publishes the others from it, each step on a
     * connection of its own, as the app does: one to register, one logged in as the first device.
     */
    void register(URI server) throws InterruptedException {
        try (Online anonymous = Online.open(server)) {
            anonymous.call(Methods.REGISTER, new RegisterParams(username, root.publicKey(),
                    devices.get(0).certificate().encode(), firstList.encode()));
        }
        if (devices.size() > 1) {
            try (Online first = Online.open(server)) {
                first.login(this, 0);
                DeviceList list = firstList;
                for (int i = 1; i < devices.size(); i++) {
                    list = i == devices.size() - 1 ? fullList
                            : list.with(devices.get(i).certificate(), Instant.now(), root.privateKey());
                    first.call(Methods.PUBLISH_DEVICE, new PublishDeviceParams(devices.get(i).certificate().encode(),
                            list.encode()));
                }
            }
        }
    }

    /** Device {@code index}'s private keys, lent the way the unlocked identity lends them. */
    DeviceSecrets secrets(int index) {
        Device device = devices.get(index);
        DeviceRef ref = new DeviceRef(userId(), device.id());
        return new DeviceSecrets() {
            @Override
            public DeviceRef device() {
                return ref;
            }

            @Override
            public <T> T withSigningKey(KeyUse<T> use) throws E2eeException {
                return use.apply(device.keys().privateKey().clone());
            }

            @Override
            public <T> T withEncryptionKey(KeyUse<T> use) throws E2eeException {
                return use.apply(device.encryption().privateKeyPkcs8().clone());
            }
        };
    }

    private Device newDevice(RsaKeyPair encryption, String name, SecureRandom random) {
        Ed25519KeyPair keys = Ed25519.generate(random);
        Instant issuedAt = Instant.now().minus(BACKDATE);
        DeviceCertificate.Body body = new DeviceCertificate.Body(DeviceCertificate.VERSION, userId(),
                Ids.random(random), name, "linux", keys.publicKey(), encryption.publicKeySpki(), RsaOaep.ALG,
                issuedAt, issuedAt.plus(DeviceCertificate.DEFAULT_LIFETIME));
        return new Device(keys, encryption, DeviceCertificate.issue(body, root.privateKey())
                .countersign(keys.privateKey()));
    }

    /** A client connection with the tracker of its hellos, made before it starts so no hello is missed. */
    record Online(HomeserverConnection connection, ServerHelloTracker hellos) implements AutoCloseable {
        static Online open(URI server) throws InterruptedException {
            return LiveConnections.open(server, connection -> new Online(connection,
                    new ServerHelloTracker(connection)));
        }

        /** Logs this connection in as device {@code index} of {@code member}. */
        Online login(RekeyMember member, int index) throws InterruptedException {
            ServerHello hello = LiveConnections.await(hellos.current()).hello();
            Device device = member.device(index);
            call(Methods.LOGIN, new LoginParams(member.userId(), device.id(), device.certificate().encode(),
                    LoginProof.sign(device.keys().privateKey(), hello.serverName(), hello.loginNonce(),
                            member.userId(), device.id())));
            return this;
        }

        <P, R> R call(chat.mz.protocol.RpcMethod<P, R> method, P params) throws InterruptedException {
            return LiveConnections.await(connection.call(method, params));
        }

        @Override
        public void close() {
            hellos.close();
            connection.close();
        }
    }
}
