package chat.mz.client.messaging;

import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.history.Contact;
import chat.mz.history.History;
import chat.mz.history.KeyCheck;
import chat.mz.history.Member;
import chat.mz.identity.SafetyNumber;
import chat.mz.protocol.sync.SyncEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /**
     * How long a key checked with the homeserver is not asked for again by {@link #changedKeys}:
     * opening a conversation now and then keeps keys current without a lookup per member per click.
     */
    public static final Duration RECHECK_AFTER = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(ContactBook.class);

    private final DeviceDirectory directory;
    private final History history;
    private final Me me;
    private final byte[] myRootKey;
    private final Executor worker;
    private final Clock clock;
    private final Consumer<SyncEvent> siblings;
    /** When each user's key was last checked with the homeserver, while this runs. */
    private final Map<String, Instant> checkedAt = new ConcurrentHashMap<>();

    public ContactBook(DeviceDirectory directory, History history, Me me, byte[] myRootKey, Executor worker,
                       Clock clock) {
        this(directory, history, me, myRootKey, worker, clock, event -> { });
    }

    /**
     * @param siblings tells this account's other devices of a contact added or a new key trusted
     *                 here ({@link Messenger#tellOtherDevices}), so they need not ask again
     */
    public ContactBook(DeviceDirectory directory, History history, Me me, byte[] myRootKey, Executor worker,
                       Clock clock, Consumer<SyncEvent> siblings) {
        this.siblings = siblings;
        this.directory = directory;
        this.history = history;
        this.me = me;
        this.myRootKey = myRootKey.clone();
        this.worker = worker;
        this.clock = clock;
    }

    /** Looks the user up, checks their keys and remembers them. Fails with the homeserver's 1203 for nobody. */
    public CompletableFuture<Checked> add(String username) {
        return directory.byUsername(username).thenApplyAsync(verified -> {
            KeyCheck check = history.rememberContact(verified.userId(), verified.username(), verified.rootPublicKey());
            Contact contact = history.contact(verified.userId()).orElseThrow();
            if (check == KeyCheck.FIRST_SEEN) {
                siblings.accept(new SyncEvent.ContactAdded(contact.userId(), contact.username(),
                        contact.currentRootKey()));
            }
            return new Checked(contact, check, safetyNumber(verified.userId(), verified.rootPublicKey()), verified);
        }, worker);
    }

    /**
     * The other members of a conversation whose identity key is not the one first seen for them (and
     * not accepted since). Keys not checked within {@link #RECHECK_AFTER} are fetched and checked
     * again first; a member seen for the first time has their key remembered. A member who cannot be
     * looked up now (offline, gone) is judged on what is stored.
     */
    public CompletableFuture<List<Contact>> changedKeys(String sessionId) {
        return CompletableFuture.supplyAsync(() -> history.members(sessionId), worker).thenCompose(members -> {
            List<String> due = members.stream().map(Member::userId)
                    .filter(userId -> !userId.equals(me.userId()) && due(userId)).toList();
            CompletableFuture<Void> checks = Batches.each(due, this::recheck);
            return checks.thenApplyAsync(done -> changed(members), worker);
        });
    }

    /** The user has compared safety numbers: their current key is the one trusted from now on. */
    public CompletableFuture<Boolean> trustCurrentKey(String userId) {
        return CompletableFuture.supplyAsync(() -> {
            boolean accepted = history.acceptKeyChange(userId);
            if (accepted) {
                history.contact(userId).ifPresent(contact -> siblings.accept(
                        new SyncEvent.ContactKeyTrusted(userId, contact.currentRootKey())));
            }
            return accepted;
        }, worker);
    }

    private boolean due(String userId) {
        Instant last = checkedAt.get(userId);
        return last == null || !clock.instant().isBefore(last.plus(RECHECK_AFTER));
    }

    private CompletableFuture<Void> recheck(String userId) {
        return directory.byUserId(userId, 0).thenAcceptAsync(verified -> {
            history.rememberContact(verified.userId(), verified.username(), verified.rootPublicKey());
            checkedAt.put(userId, clock.instant());
        }, worker).exceptionally(failure -> {
            // no worse than not asking: what is stored still decides
            LOG.debug("Could not check the key of {} again: {}", userId, failure.getMessage());
            return null;
        });
    }

    private List<Contact> changed(List<Member> members) {
        List<Contact> changed = new ArrayList<>();
        for (Member member : members) {
            history.contact(member.userId()).filter(Contact::keyChanged).ifPresent(changed::add);
        }
        return changed;
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
