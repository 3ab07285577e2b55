package chat.mz.client.devices;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.AccountFacts;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.client.pairing.LinkRequester;
import chat.mz.client.pairing.LinkResult;
import chat.mz.crypto.Bytes;
import chat.mz.identity.IdentitySecrets;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.account.LoginResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The new device joins an account, end to end: answers the link ({@link LinkRequester}), gets its
 * certificate and the account's profile, stores its keys and certificate sealed under the passphrase
 * ({@link LinkedIdentityStore}), then logs in. One link per instance; no method blocks.
 *
 * <p>The device has its certificate as soon as its acceptance is posted, while the authorized device
 * publishes the new device list only after taking that acceptance; until then the homeserver answers
 * a login with "not on the account's device list" (1206). The first login is therefore retried for a
 * bounded time.
 */
public final class DeviceJoining {
    /**
     * Pause before the next login attempt while the authorized device publishes: it usually has
     * within milliseconds, so start short and double up to {@link #LOGIN_RETRY_MAX}.
     */
    static final Duration LOGIN_RETRY_FIRST = Duration.ofMillis(5);
    static final Duration LOGIN_RETRY_MAX = Duration.ofMillis(250);

    /** The device as stored and logged in; the caller closes the identity. */
    public record Joined(UnlockedIdentity identity, LoginResult login) {
    }

    private final HomeserverConnection connection;
    private final ServerHelloTracker hellos;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final LinkRequester requester;
    private LinkInvitation invitation;

    /**
     * @param connection connected (or connecting) to the invitation's {@link LinkInvitation#websocketUri()}
     * @param hellos     following {@code connection} since before it started
     */
    public DeviceJoining(HomeserverConnection connection, ServerHelloTracker hellos, DeviceKeyGenerator keys,
                         Clock clock, SecureRandom random, ScheduledExecutorService executor) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.hellos = Objects.requireNonNull(hellos, "hellos");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.requester = new LinkRequester(connection, keys, clock, random, executor);
    }

    /**
     * Answers the invitation as a device with this name and platform.
     *
     * @return the check code to show, once the authorized device has answered
     * @throws IllegalArgumentException if the name or platform cannot go into a certificate
     */
    public CompletionStage<String> start(LinkInvitation invitation, String deviceName, String platform) {
        this.invitation = Objects.requireNonNull(invitation, "invitation");
        return requester.start(invitation, deviceName, platform);
    }

    /** The link's own result: keys, countersigned certificate, profile. */
    public CompletionStage<LinkResult> linked() {
        return requester.result();
    }

    /** Stops linking; the authorized device is told if it has heard from this one. */
    public void cancel() {
        requester.cancel();
    }

    /**
     * Once linked: stores the identity sealed under {@code passphrase} (copied at once; the caller may
     * wipe its array) and logs in, retrying for up to {@code loginPatience} while the authorized device
     * publishes the new list.
     *
     * @return the identity and the login; fails with the link's failure, a storage failure, or the
     *         homeserver's refusal of the login (the identity stays stored then)
     */
    public CompletableFuture<Joined> joined(LinkedIdentityStore store, char[] passphrase, Duration loginPatience) {
        char[] copy = passphrase.clone();
        CompletableFuture<UnlockedIdentity> stored = requester.result().toCompletableFuture()
                .thenApplyAsync(result -> store(store, result, copy), executor)
                .whenComplete((identity, failure) -> Bytes.wipe(copy));
        return stored.thenCompose(identity -> {
            CompletableFuture<LoginResult> login = new CompletableFuture<>();
            loginUntil(identity, clock.instant().plus(loginPatience), login);
            return login.handle((result, failure) -> {
                if (failure != null) {
                    identity.close();
                    throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                }
                return new Joined(identity, result);
            });
        });
    }

    private UnlockedIdentity store(LinkedIdentityStore store, LinkResult result, char[] passphrase) {
        // the record takes the key arrays as they are: wiping the secrets wipes the link's key pairs too
        IdentitySecrets secrets = new IdentitySecrets(null, result.keys().signing().privateKey(),
                result.keys().encryption().privateKeyPkcs8(), result.certificate(), result.profile().username(),
                result.profile().rootPublicKey());
        AccountFacts facts = new AccountFacts(invitation.websocketUri(), result.profile().userId(),
                result.profile().username(), result.deviceId(), result.certificate().body().deviceName());
        try {
            return store.store(secrets, facts, passphrase);
        } catch (IOException e) {
            throw new UncheckedIOException("This device was linked, but its keystore could not be written: "
                    + e.getMessage(), e);
        }
    }

    private void loginUntil(UnlockedIdentity identity, Instant deadline, CompletableFuture<LoginResult> login) {
        loginUntil(identity, deadline, login, LOGIN_RETRY_FIRST);
    }

    private void loginUntil(UnlockedIdentity identity, Instant deadline, CompletableFuture<LoginResult> login,
                            Duration pause) {
        new DeviceLogin(connection, hellos).login(identity).whenComplete((result, failure) -> {
            if (failure == null) {
                login.complete(result);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RpcException rpc && rpc.is(ErrorCode.LOGIN_FAILED)
                    && clock.instant().isBefore(deadline)) {
                Duration next = pause.multipliedBy(2).compareTo(LOGIN_RETRY_MAX) > 0 ? LOGIN_RETRY_MAX
                        : pause.multipliedBy(2);
                executor.schedule(() -> loginUntil(identity, deadline, login, next), pause.toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                login.completeExceptionally(cause);
            }
        });
    }
}
