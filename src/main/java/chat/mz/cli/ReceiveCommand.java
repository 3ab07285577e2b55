package chat.mz.cli;

import chat.mz.client.Subscription;
import chat.mz.client.messaging.Messenger;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.SessionSummary;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mzchat receive}: sends what waits in the outbox, then fetches everything queued for this
 * device, stores it, acknowledges it, and prints it as JSON lines.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {"Fetch new messages and events, print them as JSON lines (one object per line), "
                + "and send what waits in the outbox.",
                "Types: message, system (a membership or encryption change), invited, join_request, "
                        + "join_answered, sent and failed (from the outbox), delivered, revealed (an encrypted "
                        + "message shown as unreadable before, now opened: its seq and text again).",
                "Each message and revealed line has \"protection\": \"encrypted\" (end-to-end encrypted and, if "
                        + "someone else's, its signature by their device verified), \"plain\" (sent in the clear; "
                        + "\"encrypted_conversation\" says whether the conversation's encryption is on), or "
                        + "\"unreadable\" (arrived encrypted but could not be opened or verified on this device; "
                        + "the text says why).",
                "The passphrase comes from $" + PassphraseReader.VARIABLE + ", else it is asked for."})
final class ReceiveCommand extends AccountCommand {
    /** How long a single wait may be; longer waits are made of several. */
    private static final int LONGEST_FETCH = 25;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "When nothing is queued, wait up to this long for something to arrive "
                    + "(default: ${DEFAULT-VALUE}, return at once).")
    int waitSeconds;

    @Override
    void check() {
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("--wait needs a number of seconds, 0 or more.");
        }
    }

    @Override
    int run(CliAccount account) throws Exception {
        Messenger messenger = account.messenger();
        PrintWriter out = out();
        History history = account.history();
        AtomicReference<String> phase = new AtomicReference<>("sent");
        try (Subscription ignored = messenger.events().subscribe(event -> {
            String line = line(event, history, phase.get());
            if (line != null) {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
        })) {
            Exception unsent = outbox(account);
            phase.set("delivered");
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            int received = 0;
            do {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L);
                received += account.await(messenger.drain((int) Math.min(LONGEST_FETCH, left)));
            } while (received == 0 && System.nanoTime() < deadline);
            if (unsent != null) {
                // what waited for a room key another member made can go now that the key is here
                phase.set("sent");
                unsent = outbox(account);
                phase.set("delivered");
            }
            // members and names of the conversations touched, so "sessions list" is current afterwards
            account.await(messenger.conversations().syncAll());
            if (unsent != null) {
                throw unsent;
            }
        }
        out.flush();
        return 0;
    }

    /** Sends the outbox; @return why it could not all go (it stays in the outbox), null when it did */
    private static Exception outbox(CliAccount account) {
        try {
            account.await(account.messenger().sendOutboxNow());
            return null;
        } catch (Exception e) {
            return new IllegalStateException(SendCommand.problem(e), e);
        }
    }

    /**
     * One event as a JSON line; null for those scripts need not see.
     *
     * @param changed what an {@link MessengerEvent.EntryChanged} means at this point: a message from
     *                the outbox sent, or a delivery receipt
     */
    static String line(MessengerEvent event, History history, String changed) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (event instanceof MessengerEvent.EntriesAdded added) {
            StringBuilder lines = new StringBuilder();
            for (Entry entry : added.entries()) {
                if (!lines.isEmpty()) {
                    lines.append(System.lineSeparator());
                }
                lines.append(Lines.json(entry(entry, "message", history)));
            }
            return lines.isEmpty() ? null : lines.toString();
        } else if (event instanceof MessengerEvent.EntryChanged entryChanged) {
            Optional<Entry> revealed = received(history, entryChanged.sessionId(), entryChanged.messageId());
            if (revealed.isPresent()) {
                // someone else's message changes only when the key it was waiting for arrives
                return Lines.json(entry(revealed.get(), "revealed", history));
            }
            Optional<Entry> entry = SendCommand.find(history, entryChanged.sessionId(), entryChanged.messageId());
            String type = entry.map(e -> e.state() == DeliveryState.FAILED ? "failed" : changed).orElse(changed);
            json.put("type", type);
            json.put("session_id", entryChanged.sessionId());
            json.put("message_id", entryChanged.messageId());
            entry.ifPresent(e -> json.put("seq", e.seq()));
            if (type.equals("failed")) {
                json.put("reason", history.failureReason(entryChanged.sessionId(), entryChanged.messageId())
                        .orElse(""));
            }
        } else if (event instanceof MessengerEvent.Invited invited) {
            json.put("type", "invited");
            json.put("session_id", invited.sessionId());
            json.put("session_name", invited.sessionName());
            json.put("by", invited.byUsername());
            json.put("by_user_id", invited.byUserId());
        } else if (event instanceof MessengerEvent.JoinRequested requested) {
            json.put("type", "join_request");
            json.put("session_id", requested.sessionId());
            json.put("session_name", requested.sessionName());
            json.put("user", requested.username());
            json.put("user_id", requested.userId());
        } else if (event instanceof MessengerEvent.JoinAnswered answered) {
            json.put("type", "join_answered");
            json.put("session_id", answered.sessionId());
            json.put("session_name", answered.sessionName());
            json.put("allowed", answered.allowed());
        } else {
            // SessionChanged: the lines above already say what changed
            return null;
        }
        return Lines.json(json);
    }

    /** Someone else's message in the session, among the newest entries. */
    private static Optional<Entry> received(History history, String sessionId, String messageId) {
        return history.latest(sessionId, 200).stream().filter(e -> !e.outgoing() && e.kind() == Entry.Kind.TEXT
                && messageId.equals(e.messageId())).findFirst();
    }

    private static Map<String, Object> entry(Entry entry, String type, History history) {
        Map<String, Object> json = new LinkedHashMap<>();
        boolean system = entry.kind() == Entry.Kind.SYSTEM;
        json.put("type", system ? "system" : type);
        json.put("session_id", entry.sessionId());
        json.put("seq", entry.seq());
        if (!system) {
            json.put("message_id", entry.messageId());
            json.put("sender", entry.senderName());
            json.put("sender_id", entry.senderUserId());
        }
        json.put("text", entry.text());
        if (!system) {
            json.put("protection", Lines.protection(entry));
            json.put("encrypted_conversation", history.session(entry.sessionId()).map(SessionSummary::e2eeOn)
                    .orElse(false));
        }
        json.put("server_time", entry.serverTime() == null ? null : entry.serverTime().toString());
        return json;
    }
}
