package chat.mz.cli;

import chat.mz.client.config.AppPaths;
import chat.mz.client.connection.Backoff;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.messaging.ContactBook;
import chat.mz.client.messaging.Me;
import chat.mz.client.messaging.Messenger;
import chat.mz.crypto.Bytes;
import chat.mz.history.Contact;
import chat.mz.history.History;
import chat.mz.history.KeyCheck;
import chat.mz.history.Membership;
import chat.mz.history.SessionSummary;
import chat.mz.identity.SafetyNumber;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One command's use of the account: this device's identity unlocked, its history open, and, once
 * {@link #connect()}ed, a logged-in connection with a {@link Messenger} and a {@link ContactBook}
 * on it. Closing it undoes all of that in the reverse order, so the history is written out before
 * the process exits.
 */
final class CliAccount implements AutoCloseable {
    /** The history file in the data folder, without H2's {@code .mv.db}. */
    static final String HISTORY_FILE = "history";

    private final UnlockedIdentity identity;
    private final History history;
    private final Me me;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mzchat-contacts");
        thread.setDaemon(true);
        return thread;
    });
    private CliConnection connection;
    private Messenger messenger;
    private ContactBook contacts;

    private CliAccount(UnlockedIdentity identity, History history) {
        this.identity = identity;
        this.history = history;
        this.me = new Me(identity.userId(), identity.deviceId(), identity.username());
    }

    /** Unlocks this device's identity (asking for the passphrase) and opens its history; nothing goes online. */
    static CliAccount open(AppPaths paths, PassphraseReader passphrases) throws Exception {
        UnlockedIdentity identity = DevicesCommand.unlock(new LocalIdentity(paths.data()), passphrases);
        try {
            byte[] key = identity.historyKey();
            try {
                return new CliAccount(identity, History.open(paths.data().resolve(HISTORY_FILE), key,
                        Clock.systemUTC()));
            } finally {
                Bytes.wipe(key);
            }
        } catch (RuntimeException e) {
            identity.close();
            throw e;
        }
    }

    /** Reaches the homeserver and logs in; fails with a plain sentence when it cannot be reached. */
    void connect() throws Exception {
        if (connection != null) {
            return;
        }
        CliConnection opened;
        try {
            opened = CliConnection.open(identity.facts().homeserver());
        } catch (IllegalStateException e) {
            throw new Unreachable(e.getMessage());
        }
        try {
            opened.await(new DeviceLogin(opened.connection(), opened.hellos()).login(identity));
        } catch (Exception e) {
            opened.close();
            throw e;
        }
        connection = opened;
        messenger = new Messenger(opened.connection(), history, me, identity, clock, random);
        contacts = new ContactBook(new DeviceDirectory(opened.connection(), clock), history, me,
                identity.rootPublicKey(), worker, clock, messenger::tellOtherDevices);
    }

    /**
     * Stores a message in the outbox without reaching the homeserver, for the next {@code send} or
     * {@code receive} to deliver: encrypted if the conversation's encryption is on, unless {@code plain}.
     */
    void keepInOutbox(String sessionId, String text, boolean plain) throws Exception {
        // never started: the messenger stores the message and, being offline, sends nothing
        HomeserverConnection offline = new HomeserverConnection(identity.facts().homeserver(), clock,
                Backoff.standard(random), Duration.ofSeconds(1));
        try (offline; Messenger queueing = new Messenger(offline, history, me, identity, clock, random)) {
            Waits.await(plain ? queueing.send(sessionId, text, false) : queueing.send(sessionId, text),
                    Duration.ofSeconds(30));
        }
    }

    /**
     * Moves a conversation's read marker without reaching the homeserver; this account's other
     * devices hear of it with the next {@code send} or {@code receive}.
     */
    void markRead(String sessionId, long seq) throws Exception {
        HomeserverConnection offline = new HomeserverConnection(identity.facts().homeserver(), clock,
                Backoff.standard(random), Duration.ofSeconds(1));
        try (offline; Messenger marking = new Messenger(offline, history, me, identity, clock, random)) {
            Waits.await(marking.markRead(sessionId, seq), Duration.ofSeconds(30));
        }
    }

    Me me() {
        return me;
    }

    History history() {
        return history;
    }

    /** The messenger; {@link #connect()} first. */
    Messenger messenger() {
        requireConnected();
        return messenger;
    }

    /** The contact book; {@link #connect()} first. */
    ContactBook contacts() {
        requireConnected();
        return contacts;
    }

    /** The logged-in connection; {@link #connect()} first. */
    CliConnection connection() {
        requireConnected();
        return connection;
    }

    /** The safety number with a contact, from the key last seen for them. */
    String safetyNumber(Contact contact) {
        return SafetyNumber.of(me.userId(), identity.rootPublicKey(), contact.userId(), contact.currentRootKey());
    }

    /** An answer from the homeserver, its failure thrown as its own plain sentence. */
    <T> T await(CompletableFuture<T> future) throws Exception {
        requireConnected();
        return connection.await(future);
    }

    /**
     * The user id of {@code username}, their keys fetched and checked by the contact book.
     *
     * @throws KeyChangedException when their identity key is not the one first seen and the change
     *                             has not been accepted with {@code mzchat contacts trust}
     */
    String userId(String username) throws Exception {
        ContactBook.Checked checked = await(contacts().add(username));
        if (checked.check() == KeyCheck.CHANGED || checked.contact().keyChanged()) {
            throw new KeyChangedException(checked.contact().username(), checked.safetyNumber());
        }
        return checked.contact().userId();
    }

    /** The known contact with this username, if any (without asking the homeserver). */
    Optional<Contact> knownContact(String username) {
        return history.contactByUsername(username);
    }

    /** The session as this device's history knows it, or a plain refusal. */
    SessionSummary knownSession(String sessionId) {
        return history.session(sessionId).orElseThrow(() -> new IllegalArgumentException("There is no "
                + "conversation " + sessionId + " on this device. See \"mzchat sessions list\"."));
    }

    /** Whether this account is a member of the session, as far as this device knows. */
    boolean isMember(String sessionId) {
        return history.session(sessionId).map(s -> s.membership() == Membership.MEMBER).orElse(false);
    }

    /** The homeserver could not be reached at all (as opposed to refusing something). */
    static final class Unreachable extends IllegalStateException {
        Unreachable(String message) {
            super(message);
        }
    }

    private void requireConnected() {
        if (connection == null) {
            throw new IllegalStateException("not connected yet");
        }
    }

    @Override
    public void close() {
        // the messenger's thread writes to the history, so it stops first; the history is written out last
        try {
            if (messenger != null) {
                messenger.close();
            }
            worker.shutdownNow();
            if (connection != null) {
                connection.close();
            }
        } finally {
            try {
                history.close();
            } finally {
                identity.close();
            }
        }
    }
}
