package chat.mz.client.e2ee;

import static chat.mz.client.e2ee.Fixtures.CLOCK;
import static chat.mz.client.e2ee.Fixtures.NOW;
import static chat.mz.client.e2ee.Fixtures.SESSION;
import static chat.mz.client.e2ee.Fixtures.seeded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RoomKeyTest {
    @Test
    void aNewKeyIsThirtyTwoRandomBytesForItsSessionAndEpoch() {
        RoomKey key = RoomKey.create(SESSION, 3, seeded(7), CLOCK);

        assertEquals(SESSION, key.sessionId());
        assertEquals(3, key.epoch());
        assertEquals(NOW, key.createdAt());
        assertEquals(RoomKey.KEY_BYTES, key.keyBytes().length);
        assertNotEquals(RoomKey.create(SESSION, 3, seeded(8), CLOCK), key, "another random source, another key");
        assertEquals(RoomKey.create(SESSION, 3, seeded(7), CLOCK), key, "the same seed, the same key");
    }

    @Test
    void keyBytesAreCopiedInAndOut() {
        byte[] bytes = new byte[32];
        bytes[0] = 42;
        RoomKey key = RoomKey.of(SESSION, 1, bytes, NOW);

        bytes[0] = 0;
        assertEquals(42, key.keyBytes()[0], "changing the caller's array changes nothing");
        key.keyBytes()[0] = 0;
        assertEquals(42, key.keyBytes()[0], "changing a returned copy changes nothing");
    }

    @Test
    void toStringNeverShowsTheKey() {
        RoomKey key = RoomKey.create(SESSION, 1, seeded(9), CLOCK);
        byte[] bytes = key.keyBytes();
        String text = key.toString();

        assertFalse(text.contains(HexFormat.of().formatHex(bytes)));
        assertFalse(text.toUpperCase().contains(HexFormat.of().formatHex(bytes).toUpperCase()));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(bytes)));
        assertFalse(text.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
        assertFalse(text.contains(Arrays.toString(bytes)));
        assertEquals("RoomKey[sessionId=" + SESSION + ", epoch=1, createdAt=" + NOW + ", key=(hidden)]", text);
    }

    @Test
    void creationTimeIsKeptToTheMillisecond() {
        RoomKey key = RoomKey.of(SESSION, 1, new byte[32], Instant.parse("2026-06-01T12:00:00.123456789Z"));

        assertEquals(Instant.parse("2026-06-01T12:00:00.123Z"), key.createdAt());
    }

    @Test
    void impossibleKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RoomKey.of(SESSION, 0, new byte[32], NOW));
        assertThrows(IllegalArgumentException.class, () -> RoomKey.of(SESSION, 1, new byte[16], NOW));
        assertThrows(IllegalArgumentException.class, () -> RoomKey.of("not a session id", 1, new byte[32], NOW));
        assertThrows(IllegalArgumentException.class, () -> RoomKey.of("", 1, new byte[32], NOW));
        assertThrows(IllegalArgumentException.class, () -> RoomKey.of("x".repeat(65), 1, new byte[32], NOW));
    }

    @Test
    void aLookupServesOneSessionsKeysByEpoch() {
        RoomKey first = RoomKey.create(SESSION, 1, seeded(1), CLOCK);
        RoomKey third = RoomKey.create(SESSION, 3, seeded(3), CLOCK);
        RoomKeyLookup lookup = RoomKeyLookup.of(first, third);

        assertEquals(first, lookup.find(1).orElseThrow());
        assertEquals(third, lookup.find(3).orElseThrow());
        assertFalse(lookup.find(2).isPresent());
        assertArrayEquals(first.keyBytes(), lookup.find(1).orElseThrow().keyBytes());
        assertThrows(IllegalArgumentException.class,
                () -> RoomKeyLookup.of(first, RoomKey.create(Fixtures.OTHER_SESSION, 2, seeded(2), CLOCK)));
        assertThrows(IllegalArgumentException.class,
                () -> RoomKeyLookup.of(first, RoomKey.create(SESSION, 1, seeded(2), CLOCK)));
    }
}
