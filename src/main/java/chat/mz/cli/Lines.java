package chat.mz.cli;

import chat.mz.history.Entry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
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

    /** Marks a message end-to-end encrypted (and, if someone else's, verified as their device's). */
    static final String ENCRYPTED = "[encrypted]";
    /** Marks a message sent in the clear in a conversation whose encryption is on. */
    static final String NOT_ENCRYPTED = "[not encrypted]";
    /** Marks a message that arrived encrypted but could not be opened or verified; its explanation follows. */
    static final String UNREADABLE = "[unreadable]";

    /**
     * What a message's text is shown after, with a space, to say how it was protected: {@link #ENCRYPTED},
     * {@link #UNREADABLE}, or {@link #NOT_ENCRYPTED} for one in the clear while the conversation's
     * encryption is on; nothing for a message in the clear in a conversation without encryption,
     * nor for a system line.
     */
    static String marker(Entry entry, boolean conversationEncrypted) {
        if (entry.kind() == Entry.Kind.SYSTEM) {
            return "";
        }
        return switch (entry.protection()) {
            case ENCRYPTED -> ENCRYPTED + " ";
            case UNREADABLE -> UNREADABLE + " ";
            case PLAIN -> conversationEncrypted ? NOT_ENCRYPTED + " " : "";
        };
    }

    /** An entry's protection as JSON says it: {@code encrypted}, {@code plain} or {@code unreadable}. */
    static String protection(Entry entry) {
        return entry.protection().name().toLowerCase(Locale.ROOT);
    }

    /** A period the way people write it, in its largest whole unit: {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** How old something is, roughly, in its largest unit: {@code 40s}, {@code 12m}, {@code 3h}, {@code 9d}. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds >= 86_400) {
            return seconds / 86_400 + "d";
        }
        if (seconds >= 3_600) {
            return seconds / 3_600 + "h";
        }
        if (seconds >= 60) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
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
