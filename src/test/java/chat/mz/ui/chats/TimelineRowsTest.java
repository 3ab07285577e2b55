package chat.mz.ui.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rows read like a conversation: days apart, names where they help, the state of one's own messages. */
class TimelineRowsTest {
    private final TimelineRows rows = new TimelineRows(new ChatTimes(Clock.fixed(
            Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC)));

    @Test
    void daysAreSeparatedAndSendersNamedOncePerRunInGroups() {
        List<MessageRow> built = rows.build(List.of(
                incoming("1", 1L, "bob", "hi", "2026-11-21T09:00:00Z"),
                incoming("2", 2L, "bob", "anyone?", "2026-11-21T09:01:00Z"),
                incoming("3", 3L, "cleo", "me", "2026-11-22T08:00:00Z"),
                system("4", 4L, "Bob left.", "2026-11-22T08:10:00Z"),
                incoming("5", 5L, "cleo", "oh", "2026-11-22T08:11:00Z")), true);

        assertEquals(List.of("Yesterday", "hi", "anyone?", "Today", "me", "Bob left.", "oh"),
                built.stream().map(MessageRow::text).toList());
        assertEquals(List.of("", "bob", "", "", "cleo", "", "cleo"), built.stream().map(MessageRow::sender).toList());
        assertEquals(MessageRow.Kind.SYSTEM, built.get(5).kind());
    }

    @Test
    void directChatsNameNobodyAndOwnMessagesSayHowFarTheyGot() {
        List<MessageRow> built = rows.build(List.of(
                incoming("1", 1L, "bob", "hi", "2026-11-22T09:00:00Z"),
                outgoing("2", 2L, MessageItem.Delivery.DELIVERED, ""),
                outgoing("3", 3L, MessageItem.Delivery.SENT, ""),
                outgoing("4", null, MessageItem.Delivery.PENDING, ""),
                outgoing("5", null, MessageItem.Delivery.FAILED, "There is no such conversation.")), false);

        assertEquals("", built.get(1).sender());
        assertEquals(List.of("", "Delivered", "Sent", "Sending…", "Not sent: There is no such conversation."),
                built.stream().skip(1).map(MessageRow::status).toList());
        assertEquals(true, built.get(5).failed());
        assertEquals("You at 10:00: mine. Sent", built.get(3).accessibleText());
    }

    @Test
    void encryptedMessagesHaveALockAndPlainOnesAreMarkedOnlyWhereEncryptionIsOn() {
        List<MessageItem> items = List.of(
                protectedBy("1", MessageItem.Protection.ENCRYPTED, "sealed"),
                protectedBy("2", MessageItem.Protection.PLAIN, "in the clear"),
                protectedBy("3", MessageItem.Protection.UNREADABLE, "This message could not be decrypted."),
                system("4", 4L, "Ada turned on end-to-end encryption.", "2026-11-22T10:00:00Z"));

        List<MessageRow> on = rows.build(items, true, true);
        assertEquals(List.of(MessageRow.Mark.NONE, MessageRow.Mark.ENCRYPTED, MessageRow.Mark.NOT_ENCRYPTED,
                MessageRow.Mark.UNREADABLE, MessageRow.Mark.NONE), on.stream().map(MessageRow::mark).toList());
        assertEquals("bob at 10:00: sealed. End-to-end encrypted and verified", on.get(1).accessibleText());
        assertEquals("bob at 10:00: in the clear. Not encrypted: the homeserver could read this message",
                on.get(2).accessibleText());

        // after encryption is turned off, what was sealed keeps its lock; plain messages are the norm again
        List<MessageRow> off = rows.build(items, true, false);
        assertEquals(List.of(MessageRow.Mark.NONE, MessageRow.Mark.ENCRYPTED, MessageRow.Mark.NONE,
                MessageRow.Mark.UNREADABLE, MessageRow.Mark.NONE), off.stream().map(MessageRow::mark).toList());
    }

    @Test
    void ownMessagesSentFromAnotherDeviceSayWhichOne() {
        List<MessageItem> items = List.of(
                fromDevice("1", ""),
                fromDevice("2", "phone-1"),
                fromDevice("3", "laptop-2"),
                incoming("4", 4L, "bob", "hi", "2026-11-22T10:01:00Z"));

        List<MessageRow> built = rows.build(items, false, false, Map.of("phone-1", "Ada's phone"));

        assertEquals(List.of("", "", "Sent from Ada's phone", "Sent from another of your devices", ""),
                built.stream().map(MessageRow::sentFrom).toList(),
                "nothing for this device's own messages nor for others'; a device not named reads as another");
        assertEquals("You at 10:00: from here. Delivered", built.get(1).accessibleText());
        assertEquals("You at 10:00: from phone-1. Sent from Ada's phone. Delivered", built.get(2).accessibleText());
        assertEquals("You at 10:00: from laptop-2. Sent from another of your devices. Delivered",
                built.get(3).accessibleText());
        assertEquals("Sent from another of your devices", rows.build(items, false, false).get(2).sentFrom(),
                "while no names are known yet");
    }

    private static MessageItem fromDevice(String id, String device) {
        return new MessageItem("s", id, Long.parseLong(id), "ada", device.isEmpty() ? "from here" : "from " + device,
                Instant.parse("2026-11-22T10:00:00Z"), true, false, MessageItem.Delivery.DELIVERED, "",
                MessageItem.Protection.PLAIN, device);
    }

    private static MessageItem protectedBy(String id, MessageItem.Protection protection, String text) {
        return new MessageItem("s", id, Long.parseLong(id), "bob", text, Instant.parse("2026-11-22T10:00:00Z"),
                false, false, MessageItem.Delivery.DELIVERED, "", protection);
    }

    private static MessageItem incoming(String id, Long seq, String sender, String text, String at) {
        return new MessageItem("s", id, seq, sender, text, Instant.parse(at), false, false,
                MessageItem.Delivery.DELIVERED, "");
    }

    private static MessageItem system(String id, Long seq, String text, String at) {
        return new MessageItem("s", id, seq, "", text, Instant.parse(at), false, true,
                MessageItem.Delivery.DELIVERED, "");
    }

    private static MessageItem outgoing(String id, Long seq, MessageItem.Delivery delivery, String failure) {
        return new MessageItem("s", id, seq, "ada", "mine", Instant.parse("2026-11-22T10:00:00Z"), true, false,
                delivery, failure);
    }
}
