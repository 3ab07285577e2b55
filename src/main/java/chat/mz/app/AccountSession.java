package chat.mz.app;

import chat.mz.client.Subscription;
import chat.mz.client.config.Settings;
import chat.mz.client.connection.HomeserverConnection;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.AccountFacts;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.LoginOutcome;
import chat.mz.client.identity.ServerHelloTracker;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.messaging.Me;
import chat.mz.client.messaging.Messenger;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.history.History;
import chat.mz.identity.KeystoreException;
import chat.mz.protocol.Methods;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's account in the desktop app: created or unlocked, then kept logged in on the
 * connection; locked (its keys wiped) when the app exits. Changed only on {@link DesktopServices}'
 * worker thread; read from anywhere.
 *
 * <p>Which homeserver the account lives on: the settings' {@code homeserver} when set; when it is
 * not, the embedded one, started anew at each launch on a free port. The account file
 * ({@code account.properties}) records the address used when the account was created, which for the
 * embedded homeserver is only that launch's port; so "no homeserver in the settings" is the marker
 * for "this computer", and an account whose recorded homeserver is not on this computer (made with
 * the command line, say) is connected to where that file says.
 */
final class AccountSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountSession.class);
    /** The history's file name in the data folder, without H2's {@code .mv.db}. */
    static final String HISTORY_FILE = "history";

    private final LocalIdentity local;
    private final Argon2Params argon2;
    private final Executor worker;
    private final Consumer<LoginOutcome> outcomes;
    private final Runnable revoked;
    private final CompletableFuture<LoginOutcome> firstLogin = new CompletableFuture<>();
    private volatile UnlockedIdentity identity;
    private volatile LoginOutcome lastLogin;
    private Subscription loggedIn;
    private Subscription revocations;
    private volatile History history;
    private volatile Messenger messenger;

    /**
     * @param worker   where key generation, sealing and file writes run
     * @param outcomes told how each login attempt went, on the connection's thread
     * @param revoked  told when the homeserver says, while logged in, that this device was revoked
     */
    AccountSession(LocalIdentity local, Argon2Params argon2, Executor worker, Consumer<LoginOutcome> outcomes,
                   Runnable revoked) {
        this.local = local;
        this.argon2 = argon2;
        this.worker = worker;
        this.outcomes = outcomes;
        this.revoked = revoked;
    }

    boolean exists() {
        return local.exists();
    }

    Optional<AccountFacts> facts() {
        try {
            return Optional.of(local.facts());
        } catch (IOException e) {
            LOG.warn("Cannot read the account's facts: {}", e.getMessage());
            return Optional.empty();
        }
    }

    Optional<UnlockedIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    Optional<LoginOutcome> lastLogin() {
        return Optional.ofNullable(lastLogin);
    }

    /** Completes with the first login attempt's outcome, whichever it was. */
    CompletableFuture<LoginOutcome> firstLogin() {
        return firstLogin;
    }

    /** The account's homeserver: see the class comment. Empty means the embedded one. */
    Optional<URI> homeserver(Settings settings) {
        if (settings.homeserver().isPresent()) {
            return settings.homeserver();
        }
        return facts().map(AccountFacts::homeserver).filter(uri -> !onThisComputer(uri));
    }

    /** Creates and registers the account; the passphrase is copied before this returns. */
    CompletableFuture<UnlockedIdentity> create(HomeserverConnection connection, String username, char[] passphrase) {
        return new AccountCreator(local, argon2, new SecureRandom(), Clock.systemUTC(), worker)
                .create(connection, AccountCreator.Request.of(username, null), passphrase);
    }

    /** Opens the keystore (slow: Argon2); a wrong passphrase changes nothing. */
    UnlockedIdentity unlock(char[] passphrase) {
        try {
            return local.unlock(passphrase);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Seals the keys under a new passphrase (slow: Argon2, with the strength new accounts get). A wrong
     * current passphrase changes nothing.
     */
    void changePassphrase(char[] current, char[] next) {
        try {
            local.changePassphrase(current, next, argon2, new SecureRandom());
            LOG.info("The passphrase was changed");
        } catch (KeystoreException e) {
            if (e.reason() == KeystoreException.Reason.WRONG_PASSPHRASE) {
                throw new CompletionException(new KeystoreException(e.reason(),
                        "The current passphrase is wrong. Nothing was changed."));
            }
            throw new CompletionException(e);
        } catch (IOException e) {
            throw new CompletionException(new IOException("The keystore could not be written ("
                    + e.getMessage() + "). Nothing was changed.", e));
        }
    }

    /** This device's messaging, once unlocked with a connection. */
    Optional<Messenger> messenger() {
        return Optional.ofNullable(messenger);
    }

    /**
     * The identity is the app's now: its history is opened, and it stays logged in on
     * {@code connection} if there is one, receiving and sending each time it logs in.
     */
    UnlockedIdentity adopt(UnlockedIdentity unlocked, Optional<HomeserverConnection> connection,
                           ServerHelloTracker hellos) {
        byte[] key = unlocked.historyKey();
        try {
            history = History.open(local.keystoreFile().resolveSibling(HISTORY_FILE), key, Clock.systemUTC());
        } catch (RuntimeException e) {
            // in use by another copy of mzchat, say: the identity goes back to locked
            unlocked.close();
            throw e;
        } finally {
            Bytes.wipe(key);
        }
        identity = unlocked;
        connection.ifPresent(open -> {
            messenger = new Messenger(open, history, new Me(unlocked.userId(), unlocked.deviceId(),
                    unlocked.username()), unlocked, Clock.systemUTC(), new SecureRandom());
            // subscribed before logging in, so a revocation right after the login is not missed
            revocations = open.on(Methods.DEVICE_REVOKED, notice -> {
                LOG.warn("The homeserver says this device was revoked");
                revoked.run();
            });
            loggedIn = new DeviceLogin(open, hellos).keepLoggedIn(unlocked, this::loginAttempted);
        });
        return unlocked;
    }

    /** Stops logging in, closes the history and wipes the keys from memory. */
    @Override
    public void close() {
        if (loggedIn != null) {
            loggedIn.close();
            loggedIn = null;
        }
        Messenger running = messenger;
        messenger = null;
        if (running != null) {
            running.close();
        }
        History open = history;
        history = null;
        if (open != null) {
            open.close();
        }
        if (revocations != null) {
            revocations.close();
            revocations = null;
        }
        UnlockedIdentity unlocked = identity;
        identity = null;
        if (unlocked != null) {
            unlocked.close();
        }
    }

    private void loginAttempted(LoginOutcome outcome) {
        lastLogin = outcome;
        if (outcome.loggedIn()) {
            LOG.info("Logged in as {}", outcome.result().username());
            Messenger running = messenger;
            if (running != null) {
                running.loggedIn();
            }
        } else if (outcome.revoked()) {
            LOG.warn("This device has been revoked; it cannot log in any more");
        } else {
            LOG.warn("Could not log in: {}", DesktopServices.plainReason(outcome.failure()));
        }
        firstLogin.complete(outcome);
        outcomes.accept(outcome);
    }

    private static boolean onThisComputer(URI uri) {
        try {
            return uri.getHost() == null || InetAddress.getByName(uri.getHost()).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
