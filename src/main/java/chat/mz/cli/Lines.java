package chat.mz.cli;

import chat.mz.history.Entry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/** How the conversation commands print: one line per item, so that scripts can read them line by line. */
final class Lines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Lines() {
    }

    /** ISO-8601 in UTC to the second, e.g. {@code 2026-11-22T09:15:24Z}; {@code -} for none. */
    static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** When an entry happened: the homeserver's time, or when it was written while it is still pending. */
    static Instant when(Entry entry) {
        return entry.serverTime() != null ? entry.serverTime() : entry.createdAt();
    }

    /** A text kept on one line: backslashes, line breaks and tabs written as {@code \\}, {@code \n}, {@code \t}. */
    static String oneLine(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Who wrote an entry, as shown: the sender's name, {@code *} for a system line. */
    static String sender(Entry entry) {
        if (entry.kind() == Entry.Kind.SYSTEM) {
            return "*";
        }
        return entry.senderName() != null ? entry.senderName() : entry.senderUserId();
    }

    /**
     * An entry's state as shown: an outgoing message's delivery state (pending, sent, delivered,
     * failed), {@code received} for one from someone else, {@code system} for a system line.
     */
    static String state(Entry entry) {
        if (entry.kind() == Entry.Kind.SYSTEM) {
            return "system";
        }
        if (!entry.outgoing()) {
            return "received";
        }
        return entry.state().name().toLowerCase(Locale.ROOT);
    }

    /** One JSON object on one line; JSON escapes line breaks inside strings. */
    static String json(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
