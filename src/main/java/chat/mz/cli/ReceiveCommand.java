package chat.mz.cli;

import chat.mz.client.Subscription;
import chat.mz.client.messaging.Messenger;
import chat.mz.client.messaging.MessengerEvent;
import chat.mz.client.sync.TransferProgress;
import chat.mz.history.DeliveryState;
import chat.mz.history.Entry;
import chat.mz.history.History;
import chat.mz.history.SessionSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    /** How long an arriving history may stall before receive stops waiting for it. */
    private static final Duration HISTORY_PATIENCE = Duration.ofSeconds(60);

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
        try (Subscription ignored = messenger.events().subscribe(event -> print(out,
                line(event, history, phase.get())));
             Subscription transfers = messenger.historySharing().transfers().subscribe(progress -> print(out,
                     line(progress)))) {
            Exception unsent = outbox(account);
            phase.set("delivered");
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            int received = 0;
            do {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L);
                received += account.await(messenger.drain((int) Math.min(LONGEST_FETCH, left)));
            } while (received == 0 && System.nanoTime() < deadline);
            receiveHistory(account);
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

    /**
     * A history another device of this account offered and this one takes (as chosen when it was
     * linked): answers the offer, then stays until the history has arrived, or nothing more came
     * for {@link #HISTORY_PATIENCE}.
     */
    private static void receiveHistory(CliAccount account) throws Exception {
        Messenger messenger = account.messenger();
        account.await(messenger.syncNow());
        long quietSince = System.nanoTime();
        long done = -1;
        while (true) {
            List<TransferProgress> arriving = account.await(messenger.historySharing().known()).stream()
                    .filter(p -> p.direction() == TransferProgress.Direction.RECEIVING
                            && p.state() == TransferProgress.State.RUNNING).toList();
            long now = arriving.stream().mapToLong(TransferProgress::done).sum();
            if (arriving.isEmpty() || now == done && System.nanoTime() - quietSince > HISTORY_PATIENCE.toNanos()) {
                return;
            }
            if (now != done) {
                done = now;
                quietSince = System.nanoTime();
            }
            account.await(messenger.drain(5));
        }
    }

    private static void print(PrintWriter out, String line) {
        if (line != null) {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }

    /** A history transfer's progress as a JSON line. */
    static String line(TransferProgress progress) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "history");
        json.put("transfer_id", progress.transferId());
        json.put("direction", progress.direction().name().toLowerCase(Locale.ROOT));
        json.put("device_id", progress.deviceId());
        json.put("state", progress.state().name().toLowerCase(Locale.ROOT));
        json.put("done", progress.done());
        json.put("total", progress.total());
        return Lines.json(json);
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
            if (entry.senderDeviceId() != null) {
                json.put("sender_device_id", entry.senderDeviceId());
            }
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
