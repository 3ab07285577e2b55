package chat.mz.cli;

import chat.mz.history.Contact;
import chat.mz.history.Entry;
import chat.mz.history.Member;
import chat.mz.history.SessionSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mzchat history}: a conversation's timeline as stored on this device, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Show a conversation as stored on this device, oldest first, one line per entry: "
                + "time (UTC), sender (* for a system line), text, state; separated by tabs, with line breaks "
                + "and tabs in a text written as \\n and \\t.",
                "States: pending, sent, delivered, failed (your messages), received, system.",
                "A message's text starts with how it was protected: \"" + Lines.ENCRYPTED + " \" end-to-end "
                        + "encrypted (and, if someone else's, its signature by their device verified); \""
                        + Lines.NOT_ENCRYPTED + " \" sent in the clear in a conversation whose encryption is on; \""
                        + Lines.UNREADABLE + " \" arrived encrypted but could not be opened or verified on this "
                        + "device, followed by why. A message in the clear in a conversation without encryption, "
                        + "and a system line, have no marker.",
                "A member whose identity key changed since first seen is warned about on stderr.",
                "Showing a conversation marks it read. Works without the homeserver; run \"mzchat receive\" "
                        + "first for what is new.",
                "The passphrase comes from $" + PassphraseReader.VARIABLE + ", else it is asked for."})
final class HistoryCommand extends AccountCommand {
    @Parameters(index = "0", paramLabel = "SESSION", description = "The conversation's id.")
    String sessionId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Show at most the newest N entries (default: ${DEFAULT-VALUE}), and any unsent ones.")
    int limit;

    @Override
    void check() {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit needs a number above 0.");
        }
    }

    @Override
    boolean online() {
        return false;
    }

    @Override
    int run(CliAccount account) throws Exception {
        SessionSummary session = account.knownSession(sessionId);
        List<Entry> entries = account.history().latest(session.sessionId(), limit);
        PrintWriter out = out();
        long newest = 0;
        for (Entry entry : entries) {
            out.println(String.join("\t", Lines.time(Lines.when(entry)), Lines.oneLine(Lines.sender(entry)),
                    Lines.marker(entry, session.e2eeOn()) + Lines.oneLine(entry.text()), Lines.state(entry)));
            if (entry.seq() != null) {
                newest = Math.max(newest, entry.seq());
            }
        }
        out.flush();
        if (newest > 0) {
            account.markRead(session.sessionId(), newest);
        }
        // what this device last learnt, without asking the homeserver: a changed key is never left unsaid
        for (Member member : account.history().members(session.sessionId())) {
            Optional<Contact> contact = account.history().contact(member.userId());
            if (contact.isPresent() && contact.get().keyChanged()) {
                err().print(new KeyChangedException(contact.get().username(), account.safetyNumber(contact.get()))
                        .warning());
            }
        }
        err().flush();
        return 0;
    }
}
