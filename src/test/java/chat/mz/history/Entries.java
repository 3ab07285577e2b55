package chat.mz.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/** Builds test entries and keys. */
final class Entries {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String ME = "u-me";

    private Entries() {
    }

    static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        key[0] = 7;
        return key;
    }

    static Path file(Path dir) {
        return dir.resolve("history");
    }

    /** An incoming text message at {@code seq}, sent {@code seq} seconds after T0. */
    static Entry received(String session, long seq, String sender, String text) {
        return new Entry(session, seq, "m-" + sender + "-" + seq, sender, "d-" + sender, name(sender),
                Entry.Kind.TEXT, text, T0.plusSeconds(seq), T0.plusSeconds(seq), false, DeliveryState.DELIVERED);
    }

    /** As {@link #received(String, long, String, String)}, with its protection. */
    static Entry received(String session, long seq, String text, Protection protection) {
        return received(session, seq, "u-ada", text).withText(text, protection);
    }

    static Entry received(String session, long seq, String text) {
        return received(session, seq, "u-ada", text);
    }

    static Entry system(String session, long seq, String text) {
        return new Entry(session, seq, "s-" + seq, "system", null, null, Entry.Kind.SYSTEM, text,
                T0.plusSeconds(seq), T0.plusSeconds(seq), false, DeliveryState.DELIVERED);
    }

    static Entry pending(String session, String messageId, String text, Instant createdAt) {
        return new Entry(session, null, messageId, ME, "d-me", "me", Entry.Kind.TEXT, text, null, createdAt, true,
                DeliveryState.PENDING);
    }

    static Entry withMessageId(Entry entry, String messageId) {
        return new Entry(entry.sessionId(), entry.seq(), messageId, entry.senderUserId(), entry.senderDeviceId(),
                entry.senderName(), entry.kind(), entry.text(), entry.serverTime(), entry.createdAt(),
                entry.outgoing(), entry.state());
    }

    private static String name(String userId) {
        return userId.startsWith("u-") ? userId.substring(2) : userId;
    }
}
