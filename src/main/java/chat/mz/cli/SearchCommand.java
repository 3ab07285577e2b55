package chat.mz.cli;

import chat.mz.history.SearchHit;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mzchat search}: messages on this device that contain every word, newest first. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Find messages stored on this device that contain every word of TEXT (any case; the last "
                + "word may be the start of a word), newest first, one line per message: session id, seq, time "
                + "(UTC), sender, text; separated by tabs.",
                "Works without the homeserver. The passphrase comes from $" + PassphraseReader.VARIABLE
                        + ", else it is asked for."})
final class SearchCommand extends AccountCommand {
    @Parameters(index = "0", arity = "1..*", paramLabel = "TEXT", description = "The words to look for.")
    List<String> words;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Show at most N messages (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void check() {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit needs a number above 0.");
        }
        if (String.join(" ", words).codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("Search for at least one word (letters or digits).");
        }
    }

    @Override
    boolean online() {
        return false;
    }

    @Override
    int run(CliAccount account) {
        List<SearchHit> hits = account.history().search(String.join(" ", words), limit);
        PrintWriter out = out();
        for (SearchHit hit : hits) {
            out.println(String.join("\t", hit.sessionId(), hit.seq() == null ? "-" : hit.seq().toString(),
                    Lines.time(hit.serverTime()), Lines.oneLine(hit.senderName() == null ? "-" : hit.senderName()),
                    Lines.oneLine(hit.snippet())));
        }
        out.flush();
        if (hits.isEmpty()) {
            err().println("mzchat: No message contains \"" + String.join(" ", words) + "\".");
            err().flush();
            return 1;
        }
        return 0;
    }
}
