package chat.mz.ui.link;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.devices.DeviceAdding;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.pairing.LinkApproval;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Links devices with the client core: each {@link #start()} is a new {@link DeviceAdding}, whose
 * steps already run off the JavaFX thread.
 */
public final class DeviceAddingLinks implements LinkStarter {
    /**
     * How long a code lasts: the homeserver's default link session lifetime. The code's countdown
     * uses it until the device answers; from then on the homeserver's own expiry is shown.
     */
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

    private final Supplier<DeviceAdding> adding;
    private final Clock clock;
    private final Duration codeLifetime;
    private final Consumer<String> added;

    /**
     * @param connection logged in as {@code identity}'s device
     * @param identity   the account's authorized device (holds the root key); stays the caller's
     * @param executor   runs the links' steps and timers; stays the caller's
     */
    public DeviceAddingLinks(HomeserverConnection connection, UnlockedIdentity identity, Clock clock,
                             SecureRandom random, ScheduledExecutorService executor) {
        this(connection, identity, clock, random, executor, deviceId -> { });
    }

    /** As above, telling {@code added} the id of each device once it is linked (to offer it the history). */
    public DeviceAddingLinks(HomeserverConnection connection, UnlockedIdentity identity, Clock clock,
                             SecureRandom random, ScheduledExecutorService executor, Consumer<String> added) {
        this(() -> new DeviceAdding(connection, identity, clock, random, executor), clock, CODE_LIFETIME, added);
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(executor, "executor");
    }

    /**
     * With another source of {@link DeviceAdding} instances and code lifetime.
     *
     * @param added told the id of each device once it is linked (to offer it the history, say)
     */
    public DeviceAddingLinks(Supplier<DeviceAdding> adding, Clock clock, Duration codeLifetime,
                             Consumer<String> added) {
        this.added = Objects.requireNonNull(added, "added");
        this.adding = Objects.requireNonNull(adding, "adding");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codeLifetime = Objects.requireNonNull(codeLifetime, "codeLifetime");
    }

    @Override
    public Link start() {
        DeviceAdding link = adding.get();
        CompletionStage<Code> code = link.start()
                .thenApply(invitation -> new Code(invitation.url(), clock.instant().plus(codeLifetime)));
        return new AddingLink(link, code, added);
    }

    private static final class AddingLink implements Link {
        private final DeviceAdding adding;
        private final CompletionStage<Code> code;
        private final CompletableFuture<LinkApproval> approval;
        private final CompletionStage<NewDevice> linked;

        AddingLink(DeviceAdding adding, CompletionStage<Code> code, Consumer<String> added) {
            this.adding = adding;
            this.code = code;
            this.approval = adding.approval().toCompletableFuture();
            // once here, not per caller of linked(): each device is reported (and offered the history) once
            this.linked = adding.added().thenApply(done -> {
                // the device as it asked to be linked; its certificate binds the same id and name
                String id = done.device().device().deviceId();
                added.accept(id);
                return new NewDevice(id, done.device().device().deviceName());
            });
        }

        @Override
        public CompletionStage<Code> code() {
            return code;
        }

        @Override
        public CompletionStage<Request> request() {
            return approval.thenApply(found -> new Request(found.deviceName(), found.platform(),
                    found.fingerprint(), found.checkCode(), found.expiresAt()));
        }

        @Override
        public CompletionStage<NewDevice> linked() {
            return linked;
        }

        @Override
        public void approve() {
            decided().approve();
        }

        @Override
        public void deny() {
            decided().deny();
        }

        @Override
        public void cancel() {
            adding.cancel();
        }

        private LinkApproval decided() {
            LinkApproval found = approval.getNow(null);
            if (found == null) {
                throw new IllegalStateException("no device has answered yet");
            }
            return found;
        }
    }
}
