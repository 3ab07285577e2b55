package chat.mz.ui.chats;

import chat.mz.app.CoreChatAccount;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.messaging.ContactBook;
import chat.mz.client.messaging.Messenger;
import chat.mz.history.History;
import chat.mz.testing.MessagingWorld;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The Chats section's port on a {@link MessagingWorld}: a real homeserver on loopback and real
 * accounts on it, each wired as the desktop wires one, with a {@link CoreChatAccount} on top.
 */
public final class LoopbackChat implements AutoCloseable {
    /** Longest a test waits for anything to arrive. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final MessagingWorld world;
    private final List<CoreChatAccount> accounts = new ArrayList<>();

    /** Starts a homeserver keeping its data, and the accounts theirs, under {@code folder}. */
    public LoopbackChat(Path folder) {
        this.world = new MessagingWorld(folder);
    }

    /** One account with one device, logged in and receiving, and the Chats section's port on it. */
    public record Person(MessagingWorld.User user, CoreChatAccount account) {
        public String username() {
            return user.username();
        }

        public String userId() {
            return user.userId();
        }

        public HomeserverConnection connection() {
            return user.connection();
        }

        public History history() {
            return user.history();
        }

        public Messenger messenger() {
            return user.messenger();
        }

        public ContactBook contacts() {
            return user.contacts();
        }
    }

    /** Registers an account, logs its device in and starts its messenger. */
    public Person person(String username) throws Exception {
        return wired(world.register(username));
    }

    /**
     * Links another device to {@code owner}'s account through the real link flow, named
     * {@code deviceName}, and brings it online with its own Chats section's port.
     */
    public Person linkDevice(Person owner, String deviceName) throws Exception {
        return wired(world.linkDevice(owner.user(), deviceName));
    }

    private Person wired(MessagingWorld.User user) {
        CoreChatAccount account = new CoreChatAccount(user.messenger(), user.contacts(),
                new DeviceDirectory(user.connection(), Clock.systemUTC()), Clock.systemUTC());
        accounts.add(account);
        return new Person(user, account);
    }

    /** Waits for the future; its failure is rethrown as is. */
    public static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError("the call failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + PATIENCE, e);
        }
    }

    /** Waits until {@code condition} holds, or fails saying what was awaited. */
    public static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        MessagingWorld.await(what, (int) PATIENCE.toSeconds(), condition);
    }

    @Override
    public void close() throws Exception {
        accounts.forEach(CoreChatAccount::close);
        world.close();
    }
}
