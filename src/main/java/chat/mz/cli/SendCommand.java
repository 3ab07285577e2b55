package chat.mz.cli;

import chat.mz.client.messaging.Messenger;
import chat.mz.client.messaging.RoomKeyPendingException;
import chat.mz.history.Contact;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.Membership;
import chat.mz.history.SessionSummary;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.SessionRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mzchat send}: writes one message and waits until the homeserver has accepted it. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send a message to a person (their 1:1 chat, started if needed) or to a conversation.",
                "Exits 0 once the homeserver has accepted it, printing the conversation, the message's seq and "
                        + "its protection: \"encrypted\" or \"plain\".",
                "A message to a conversation whose end-to-end encryption is on is encrypted under its room key "
                        + "and signed by this device; --plain sends it in the clear instead (the homeserver can read "
                        + "it, and the others see it marked \"" + Lines.NOT_ENCRYPTED + "\").",
                "When the homeserver cannot be reached, the message is kept in the outbox, the next \"send\" or "
                        + "\"receive\" sends it, and the exit code is " + SendCommand.KEPT_IN_OUTBOX + ".",
                "The passphrase comes from $" + PassphraseReader.VARIABLE + ", else it is asked for."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the message was accepted", "1:it was refused, or something else failed",
                "3:the person's identity key has changed (nothing was sent)",
                "75:the homeserver could not be reached, or another member replaced an encrypted conversation's "
                        + "room key and this device has yet to receive it; the message is in the outbox"})
final class SendCommand extends AccountCommand {
    /** As sysexits' EX_TEMPFAIL: nothing is wrong with the request, try again later. */
    static final int KEPT_IN_OUTBOX = 75;

    static final class Target {
        @Option(names = "--to", paramLabel = "USER", required = true,
                description = "A username: sends in your 1:1 chat with them.")
        String user;

        @Option(names = "--session", paramLabel = "ID", required = true,
                description = "A conversation's id, as \"mzchat sessions list\" shows it.")
        String sessionId;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The message; \"-\" reads it from standard input.")
    String textArgument;

    @Option(names = "--plain", description = "Send it in the clear, even in a conversation whose end-to-end "
            + "encryption is on.")
    boolean plain;

    private final InputStream stdin;
    private String text;

    SendCommand() {
        this(System.in);
    }

    SendCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    void check() throws IOException {
        text = "-".equals(textArgument) ? readStdin() : textArgument;
        String problem = Messenger.textProblem(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem + " Nothing was sent.");
        }
    }

    private String readStdin() throws IOException {
        String read = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        // the line break that ends the input belongs to the shell, not to the message
        if (read.endsWith("\r\n")) {
            return read.substring(0, read.length() - 2);
        }
        return read.endsWith("\n") ? read.substring(0, read.length() - 1) : read;
    }

    @Override
    boolean online() {
        return false;
    }

    @Override
    int run(CliAccount account) throws Exception {
        try {
            account.connect();
        } catch (CliAccount.Unreachable unreachable) {
            return keepForLater(account, unreachable.getMessage());
        }
        String sessionId = target.user != null ? directWith(account, target.user) : member(account, target.sessionId);
        Entry pending = account.await(plain ? account.messenger().send(sessionId, text, false)
                : account.messenger().send(sessionId, text));
        try {
            account.await(account.messenger().sendOutboxNow());
        } catch (Exception e) {
            err().println("mzchat: " + problem(e) + " " + keptSentence());
            err().flush();
            return KEPT_IN_OUTBOX;
        }
        Entry sent = find(account.history(), sessionId, pending.messageId()).orElseThrow(() ->
                new IllegalStateException("The message was sent but is missing from this device's history."));
        if (sent.state() == DeliveryState.FAILED) {
            throw new IllegalStateException(account.history().failureReason(sessionId, sent.messageId())
                    .orElse("The homeserver refused the message."));
        }
        if (sent.seq() == null) {
            err().println("mzchat: The homeserver did not take the message yet. " + keptSentence());
            err().flush();
            return KEPT_IN_OUTBOX;
        }
        PrintWriter out = out();
        out.println("session_id: " + sessionId);
        out.println("seq: " + sent.seq());
        out.println("server_time: " + Lines.time(sent.serverTime()));
        out.println("protection: " + Lines.protection(sent));
        out.flush();
        return 0;
    }

    /** The 1:1 chat with {@code username}: the existing one, else a new one. */
    private static String directWith(CliAccount account, String username) throws Exception {
        String userId = account.userId(username);
        if (userId.equals(account.me().userId())) {
            throw new IllegalArgumentException("You cannot start a 1:1 chat with yourself.");
        }
        return account.await(account.messenger().conversations().direct(userId)).sessionId();
    }

    /**
     * The session, checked with the homeserver: one that does not exist or one is not in is refused here.
     * What the homeserver says is stored, so that a message goes encrypted if the conversation's
     * encryption was turned on since this device last heard of it (and in the clear if it was turned off).
     */
    private static String member(CliAccount account, String sessionId) throws Exception {
        account.await(account.connection().connection().call(Methods.GET_SESSION, new SessionRef(sessionId)));
        account.await(account.messenger().conversations().refresh(sessionId));
        List<Contact> changed = account.await(account.contacts().changedKeys(sessionId));
        if (!changed.isEmpty()) {
            throw new KeyChangedException(changed.get(0).username(), account.safetyNumber(changed.get(0)));
        }
        return sessionId;
    }

    private int keepForLater(CliAccount account, String problem) throws Exception {
        String sessionId = target.sessionId != null ? target.sessionId : knownDirect(account, target.user);
        if (sessionId == null || !account.isMember(sessionId)) {
            throw new IllegalStateException(problem + " This device does not know that conversation yet, so the "
                    + "message was not kept; try again when the homeserver can be reached.");
        }
        account.keepInOutbox(sessionId, text, plain);
        err().println("mzchat: " + problem + " " + keptSentence());
        err().flush();
        return KEPT_IN_OUTBOX;
    }

    /** The 1:1 chat with a known contact, from the history alone; null when there is none. */
    private static String knownDirect(CliAccount account, String username) throws KeyChangedException {
        Optional<Contact> contact = account.knownContact(username);
        if (contact.isEmpty()) {
            return null;
        }
        if (contact.get().keyChanged()) {
            throw new KeyChangedException(contact.get().username(), account.safetyNumber(contact.get()));
        }
        History history = account.history();
        for (SessionSummary session : history.sessions()) {
            if (session.direct() && session.membership() == Membership.MEMBER && history.members(session.sessionId())
                    .stream().anyMatch(m -> m.userId().equals(contact.get().userId()))) {
                return session.sessionId();
            }
        }
        return null;
    }

    /** Why the outbox could not be sent, as a sentence. */
    static String problem(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RoomKeyPendingException pending) {
                return pending.getMessage() + " \"mzchat receive\" fetches it.";
            }
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String keptSentence() {
        return "The message is kept in the outbox and will be sent by the next \"mzchat send\" or "
                + "\"mzchat receive\".";
    }

    /** Our message in the session; the newest entries are enough, as nothing is received meanwhile. */
    static Optional<Entry> find(History history, String sessionId, String messageId) {
        return history.latest(sessionId, 200).stream().filter(e -> e.outgoing() && e.messageId().equals(messageId))
                .findFirst();
    }
}
