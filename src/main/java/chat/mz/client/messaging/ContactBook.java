package chat.mz.client.messaging;

import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.history.Contact;
import chat.mz.history.History;
import chat.mz.history.KeyCheck;
import chat.mz.identity.SafetyNumber;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * People this account talks to. Adding someone fetches their identity key and signed device list,
 * checks them ({@link DeviceDirectory}), and remembers the key: the first key seen is trusted, and a
 * different one later is reported as {@link KeyCheck#CHANGED}, never taken silently.
 */
public final class ContactBook {
    /**
     * A contact as just checked.
     *
     * @param check        whether the key is the one seen before
     * @param safetyNumber what both users compare to be sure of each other's keys
     * @param devices      their devices, checked against their identity key
     */
    public record Checked(Contact contact, KeyCheck check, String safetyNumber, VerifiedDevices devices) {
    }

    private final DeviceDirectory directory;
    private final History history;
    private final Me me;
    private final byte[] myRootKey;
    private final Executor worker;

    public ContactBook(DeviceDirectory directory, History history, Me me, byte[] myRootKey, Executor worker) {
        this.directory = directory;
        this.history = history;
        this.me = me;
        this.myRootKey = myRootKey.clone();
        this.worker = worker;
    }

    /** Looks the user up, checks their keys and remembers them. Fails with the homeserver's 1203 for nobody. */
    public CompletableFuture<Checked> add(String username) {
        return directory.byUsername(username).thenApplyAsync(verified -> {
            KeyCheck check = history.rememberContact(verified.userId(), verified.username(), verified.rootPublicKey());
            Contact contact = history.contact(verified.userId()).orElseThrow();
            return new Checked(contact, check, safetyNumber(verified.userId(), verified.rootPublicKey()), verified);
        }, worker);
    }

    public List<Contact> contacts() {
        return history.contacts();
    }

    public Optional<Contact> contact(String userId) {
        return history.contact(userId);
    }

    /** The safety number with this contact, from the key seen now. */
    public String safetyNumber(Contact contact) {
        return safetyNumber(contact.userId(), contact.currentRootKey());
    }

    private String safetyNumber(String userId, byte[] rootKey) {
        return SafetyNumber.of(me.userId(), myRootKey, userId, rootKey);
    }
}
