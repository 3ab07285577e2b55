package chat.mz.ui.chats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns timeline entries into the rows shown: a day separator before each day's first entry, the
 * sender's name over the first of a run of incoming messages in a group, the delivery state under
 * this account's messages, and which device sent those that another of its devices sent.
 */
final class TimelineRows {
    /** Said of a device whose name is not known (yet), or that is no longer on the account. */
    static final String ANOTHER_DEVICE = "another of your devices";

    private final ChatTimes times;

    TimelineRows(ChatTimes times) {
        this.times = times;
    }

    /** @param sorted the entries in timeline order */
    List<MessageRow> build(List<MessageItem> sorted, boolean group) {
        return build(sorted, group, false);
    }

    /**
     * @param sorted    the entries in timeline order
     * @param encrypted the conversation's encryption is on: plain messages are marked as not encrypted
     */
    List<MessageRow> build(List<MessageItem> sorted, boolean group, boolean encrypted) {
        return build(sorted, group, encrypted, Map.of());
    }

    /**
     * @param sorted      the entries in timeline order
     * @param encrypted   the conversation's encryption is on: plain messages are marked as not encrypted
     * @param deviceNames this account's device names by id, as far as known
     */
    List<MessageRow> build(List<MessageItem> sorted, boolean group, boolean encrypted,
                           Map<String, String> deviceNames) {
        List<MessageRow> rows = new ArrayList<>(sorted.size() + 8);
        LocalDate day = null;
        String previousSender = null;
        for (MessageItem item : sorted) {
            LocalDate itemDay = times.day(item.time());
            if (!itemDay.equals(day)) {
                day = itemDay;
                previousSender = null;
                String label = times.dayLabel(itemDay);
                rows.add(new MessageRow("day-" + itemDay, MessageRow.Kind.DAY, "", label, "", false, "", false,
                        label));
            }
            if (item.system()) {
                previousSender = null;
                rows.add(new MessageRow(item.messageId(), MessageRow.Kind.SYSTEM, "", item.text(),
                        times.clockTime(item.time()), false, "", false, item.text()));
                continue;
            }
            boolean showSender = group && !item.outgoing() && !item.senderName().equals(previousSender);
            previousSender = item.outgoing() ? null : item.senderName();
            rows.add(message(item, showSender, encrypted, deviceNames));
        }
        return rows;
    }

    /**
     * An encrypted message keeps its lock after encryption is turned off, and an unreadable one its
     * warning; a plain message is only worth a mark where encryption is expected.
     */
    static MessageRow.Mark mark(MessageItem item, boolean encrypted) {
        return switch (item.protection()) {
            case ENCRYPTED -> MessageRow.Mark.ENCRYPTED;
            case UNREADABLE -> MessageRow.Mark.UNREADABLE;
            case PLAIN -> encrypted ? MessageRow.Mark.NOT_ENCRYPTED : MessageRow.Mark.NONE;
        };
    }

    /** "Sent from Ada's phone" for this account's messages from another of its devices; empty otherwise. */
    static String sentFrom(MessageItem item, Map<String, String> deviceNames) {
        if (!item.outgoing() || item.otherDevice().isEmpty()) {
            return "";
        }
        String name = deviceNames.get(item.otherDevice());
        return "Sent from " + (name == null || name.isBlank() ? ANOTHER_DEVICE : name);
    }

    private MessageRow message(MessageItem item, boolean showSender, boolean encrypted,
                               Map<String, String> deviceNames) {
        MessageRow.Mark mark = mark(item, encrypted);
        String time = times.clockTime(item.time());
        String status = !item.outgoing() ? "" : switch (item.delivery()) {
            case PENDING -> "Sending…";
            case SENT -> "Sent";
            case DELIVERED -> "Delivered";
            case FAILED -> "Not sent" + (item.failure().isBlank() ? "" : ": " + item.failure());
        };
        String sentFrom = sentFrom(item, deviceNames);
        String who = item.outgoing() ? "You" : item.senderName();
        String spoken = who + " at " + time + ": " + item.text() + (sentFrom.isEmpty() ? "" : ". " + sentFrom)
                + (status.isEmpty() ? "" : ". " + status)
                + (mark == MessageRow.Mark.NONE ? "" : ". " + mark.description());
        return new MessageRow(item.messageId(), MessageRow.Kind.MESSAGE, showSender ? item.senderName() : "",
                item.text(), time, item.outgoing(), status, item.delivery() == MessageItem.Delivery.FAILED, spoken,
                mark, sentFrom);
    }
}
