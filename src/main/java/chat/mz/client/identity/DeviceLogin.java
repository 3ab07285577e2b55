package chat.mz.client.identity;

import chat.mz.client.EventStream;
import chat.mz.client.Subscription;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.protocol.Methods;
import chat.mz.protocol.account.LoginResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Logs this device in on a connection: signs the current socket's {@code login_nonce} (from the
 * {@link ServerHelloTracker}) and calls {@code Login}. The homeserver ties a login to the socket,
 * so after a reconnect the device logs in again; {@link #keepLoggedIn} does that by itself.
 */
public final class DeviceLogin {
    private final HomeserverConnection connection;
    private final ServerHelloTracker hellos;

    public DeviceLogin(HomeserverConnection connection, ServerHelloTracker hellos) {
        this.connection = connection;
        this.hellos = hellos;
    }

    /**
     * Logs in on the current socket, waiting for its hello if needed. Fails with the homeserver's
     * {@link chat.mz.protocol.RpcException} (revoked, wrong proof...) or a connection failure.
     */
    public CompletableFuture<LoginResult> login(UnlockedIdentity identity) {
        return hellos.current().thenCompose(hello -> loginWith(identity, hello));
    }

    /**
     * Logs in now (if a socket is up) and again on every new socket, until the subscription is
     * closed or the homeserver says the device was revoked. Close the subscription before closing
     * {@code identity}.
     *
     * @param outcomes told how each attempt went, on the connection's thread
     */
    public Subscription keepLoggedIn(UnlockedIdentity identity, Consumer<LoginOutcome> outcomes) {
        EventStream<LoginOutcome> stream = new EventStream<>();
        stream.subscribe(outcomes);
        AtomicLong lastGeneration = new AtomicLong();
        AtomicBoolean stopped = new AtomicBoolean();
        Consumer<ServerHelloTracker.Hello> attempt = hello -> {
            // each socket once, whether its hello came through the stream or was there already
            long seen = lastGeneration.get();
            if (stopped.get() || hello.generation() <= seen
                    || !lastGeneration.compareAndSet(seen, hello.generation())) {
                return;
            }
            loginWith(identity, hello).whenComplete((result, failure) -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                LoginOutcome outcome = new LoginOutcome(result, cause);
                if (outcome.revoked()) {
                    stopped.set(true);
                }
                if (!stopped.get() || outcome.revoked()) {
                    stream.publish(outcome);
                }
            });
        };
        Subscription subscription = hellos.onHello(attempt);
        CompletableFuture<ServerHelloTracker.Hello> current = hellos.current();
        if (current.isDone() && !current.isCompletedExceptionally()) {
            attempt.accept(current.join());
        }
        return () -> {
            stopped.set(true);
            subscription.close();
        };
    }

    private CompletableFuture<LoginResult> loginWith(UnlockedIdentity identity, ServerHelloTracker.Hello hello) {
        try {
            return connection.call(Methods.LOGIN,
                    identity.loginParams(hello.hello().serverName(), hello.hello().loginNonce()));
        } catch (RuntimeException e) {
            // a locked identity, say: a failed attempt, not an exception on the connection's thread
            return CompletableFuture.failedFuture(e);
        }
    }
}
