package chat.mz.client.identity;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.Ed25519KeyPair;
import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.IdentitySecrets;
import chat.mz.identity.Ids;
import chat.mz.identity.UserIds;
import chat.mz.protocol.Methods;
import chat.mz.protocol.account.RegisterParams;
import chat.mz.protocol.account.RegisterResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a new account on this device: the root identity key K_id, this device's signing and
 * encryption keys, its self-issued and countersigned certificate and the first device list; seals
 * them under the passphrase; registers the account; and only then puts the keystore in place (see
 * {@link LocalIdentity}). Key generation and Argon2 take about a second together, so they run on
 * the given executor, never on the caller's (UI) thread.
 */
public final class AccountCreator {
    private static final Logger LOG = LoggerFactory.getLogger(AccountCreator.class);

    private final LocalIdentity local;
    private final Argon2Params argon2;
    private final SecureRandom random;
    private final Clock clock;
    private final Executor worker;

    /**
     * @param argon2 how hard the passphrase is stretched; {@link Argon2Params#interactive()} outside tests
     * @param worker runs the slow steps (key generation, sealing, file writes)
     */
    public AccountCreator(LocalIdentity local, Argon2Params argon2, SecureRandom random, Clock clock,
                          Executor worker) {
        this.local = local;
        this.argon2 = argon2;
        this.random = random;
        this.clock = clock;
        this.worker = worker;
    }

    /**
     * Why {@code username} cannot name a new account, in plain words; null when it can. For screens,
     * which check as the user types (the homeserver still decides whether it is taken).
     */
    public static String usernameProblem(String username) {
        return UserIds.usernameProblem(username);
    }

    /** What a new account is called. */
    public record Request(String username, String deviceName) {
        /** A default device name: "ada's desktop". */
        public static Request of(String username, String deviceNameOrNull) {
            String name = deviceNameOrNull == null || deviceNameOrNull.isBlank()
                    ? UserIds.normalizeUsername(username) + "'s desktop" : deviceNameOrNull.strip();
            return new Request(username, name);
        }
    }

    /**
     * Creates and registers the account on {@code connection}'s homeserver. The passphrase is copied
     * at once (the caller may wipe its array right after this returns) and the copy is wiped once
     * sealed.
     *
     * @return the new identity, unlocked (the caller closes it); fails with the homeserver's
     *         {@link chat.mz.protocol.RpcException} (username taken...), an
     *         {@link IllegalArgumentException} for a bad username or device name, an
     *         {@link IllegalStateException} if this device has an account already, or the connection's failure
     */
    public CompletableFuture<UnlockedIdentity> create(HomeserverConnection connection, Request request,
                                                      char[] passphrase) {
        char[] copy = passphrase.clone();
        return CompletableFuture.supplyAsync(() -> prepare(request, copy), worker)
                .whenComplete((prepared, failure) -> Bytes.wipe(copy))
                .thenCompose(prepared -> connection.call(Methods.REGISTER, prepared.params)
                        .handleAsync((result, failure) -> finish(connection, prepared, result, failure), worker));
    }

    private record Prepared(IdentitySecrets secrets, RegisterParams params) {
    }

    private Prepared prepare(Request request, char[] passphrase) {
        String problem = UserIds.usernameProblem(request.username());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (local.exists()) {
            throw new IllegalStateException("This device has an account already (" + local.keystoreFile() + ").");
        }
        String username = UserIds.normalizeUsername(request.username());
        Instant now = clock.instant();
        Ed25519KeyPair root = Ed25519.generate(random);
        Ed25519KeyPair device = Ed25519.generate(random);
        RsaKeyPair encryption = RsaOaep.generate(random);
        String userId = UserIds.fromRootKey(root.publicKey());
        DeviceCertificate.Body body = new DeviceCertificate.Body(DeviceCertificate.VERSION, userId,
                Ids.random(random), request.deviceName(), platform(System.getProperty("os.name", "")),
                device.publicKey(), encryption.publicKeySpki(), RsaOaep.ALG, now,
                now.plus(DeviceCertificate.DEFAULT_LIFETIME));
        DeviceCertificate certificate = DeviceCertificate.issue(body, root.privateKey()).countersign(device.privateKey());
        DeviceList list = DeviceList.first(certificate, now, root.privateKey());
        // the record takes the key arrays as they are, so wiping the secrets wipes the key pairs too
        IdentitySecrets secrets = new IdentitySecrets(root.privateKey(), device.privateKey(),
                encryption.privateKeyPkcs8(), certificate, username, root.publicKey());
        byte[] encoded = secrets.encode();
        try {
            local.pendingKeystore().seal(encoded, passphrase, argon2, random);
        } catch (IOException | RuntimeException e) {
            secrets.wipe();
            discard();
            throw e instanceof IOException io ? new UncheckedIOException("The keystore could not be written: "
                    + io.getMessage(), io) : (RuntimeException) e;
        } finally {
            Bytes.wipe(encoded);
        }
        return new Prepared(secrets, new RegisterParams(username, root.publicKey(), certificate.encode(),
                list.encode()));
    }

    private UnlockedIdentity finish(HomeserverConnection connection, Prepared prepared, RegisterResult result,
                                    Throwable failure) {
        if (failure != null) {
            prepared.secrets.wipe();
            discard();
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        }
        DeviceCertificate.Body body = prepared.secrets.certificate().body();
        AccountFacts facts = new AccountFacts(connection.uri(), result.userId(), result.username(), body.deviceId(),
                body.deviceName());
        try {
            local.commit(facts);
        } catch (IOException e) {
            prepared.secrets.wipe();
            throw new UncheckedIOException("The account was registered, but its keystore could not be put in "
                    + "place: " + e.getMessage(), e);
        }
        LOG.info("Created account {} ({}) with device {}", facts.username(), facts.userId(), facts.deviceId());
        return new UnlockedIdentity(prepared.secrets, facts);
    }

    private void discard() {
        try {
            local.discardPending();
        } catch (IOException e) {
            LOG.warn("Could not remove the unused keystore {}: {}", local.pendingKeystore().file(), e.toString());
        }
    }

    /** The certificate's platform label, from the {@code os.name} system property. */
    public static String platform(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return "windows";
        }
        if (os.startsWith("mac")) {
            return "macos";
        }
        if (os.startsWith("linux")) {
            return "linux";
        }
        String cleaned = os.replaceAll("[^a-z0-9]+", "-");
        return cleaned.isBlank() ? "desktop" : cleaned.substring(0, Math.min(32, cleaned.length()));
    }
}
