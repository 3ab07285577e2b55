package chat.mz.ui.link;

import java.util.Locale;
import java.util.Objects;

/**
 * What the "Link a device" dialog says about the message history sent to the device it just linked.
 *
 * @param outcome  sending, or how it ended
 * @param message  "Sending your message history to Ada's phone…", or how it ended, as a sentence
 * @param progress from 0 to 1 while sending; negative while the device has not answered yet (or the
 *                 total is not known), for a bar that moves to and fro
 * @param count    "1,200 of 10,000 messages" while sending; empty once it ended
 */
public record HistorySending(Outcome outcome, String message, double progress, String count) {
    /** Whether the history is still on its way, or how it ended. */
    public enum Outcome {
        SENDING, DONE, SKIPPED, FAILED
    }

    public HistorySending {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(count, "count");
    }

    /** What to say of {@code progress} for the device called {@code name}. */
    public static HistorySending of(String name, HistoryFeed.Progress progress) {
        String sending = "Sending your message history to " + name + "…";
        return switch (progress.stage()) {
            case OFFERED -> new HistorySending(Outcome.SENDING, sending, -1, "Waiting for " + name + " to accept it");
            case RUNNING -> new HistorySending(Outcome.SENDING, sending, share(progress),
                    progress.total() > 0 ? count(progress.done(), progress.total()) : "");
            case DONE -> new HistorySending(Outcome.DONE, "Your message history is on " + name + ".", 1, "");
            case SKIPPED -> new HistorySending(Outcome.SKIPPED, name + " did not take the message history.", 0, "");
            case FAILED -> new HistorySending(Outcome.FAILED, "The message history could not be sent: "
                    + reason(progress) + "; the device can still be used.", 0, "");
        };
    }

    /** "1,200 of 10,000 messages". */
    static String count(long done, long total) {
        return number(done) + " of " + number(total) + (total == 1 ? " message" : " messages");
    }

    private static double share(HistoryFeed.Progress progress) {
        return progress.total() > 0 ? Math.min(1.0, (double) progress.done() / progress.total()) : -1;
    }

    private static String reason(HistoryFeed.Progress progress) {
        String problem = progress.problem().strip();
        // the sentence goes on after the reason, so its own full stop goes
        while (problem.endsWith(".")) {
            problem = problem.substring(0, problem.length() - 1);
        }
        if (problem.length() > 1 && Character.isUpperCase(problem.charAt(0))
                && Character.isLowerCase(problem.charAt(1))) {
            // mid-sentence now: "…could not be sent: the homeserver…"
            problem = Character.toLowerCase(problem.charAt(0)) + problem.substring(1);
        }
        if (!problem.isEmpty()) {
            return problem;
        }
        return progress.done() > 0 ? "it stopped after " + count(progress.done(), progress.total())
                : "it stopped before any message was sent";
    }

    /** The app speaks English: its numbers are grouped the English way too ("10,000"). */
    private static String number(long value) {
        return String.format(Locale.ENGLISH, "%,d", value);
    }
}
