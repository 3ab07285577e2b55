package chat.mz.protocol.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every sync event survives the codec, and what is not exactly one known event is refused in words. */
class SyncCodecTest {
    private static final String SESSION = "Xb3kQm9TzP1vW8yRcN2hLg";
    private final SyncCodec codec = new SyncCodec();

    @Test
    void everyEventRoundTrips() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        List<SyncEvent> events = List.of(new SyncEvent.ReadUpTo(SESSION, 42),
                new SyncEvent.InvitationAnswered(SESSION, false), new SyncEvent.JoinRequestAnswered(SESSION, "u-1", true),
                new SyncEvent.ContactAdded("u-2", "bob", key), new SyncEvent.ContactKeyTrusted("u-2", key));
        for (SyncEvent event : events) {
            SyncEvent back = codec.decode(codec.encode(event));
            assertEquals(event.getClass(), back.getClass());
            if (event instanceof SyncEvent.ContactAdded added) {
                assertArrayEquals(added.rootKey(), ((SyncEvent.ContactAdded) back).rootKey());
                assertEquals(added.username(), ((SyncEvent.ContactAdded) back).username());
            } else if (!(event instanceof SyncEvent.ContactKeyTrusted)) {
                assertEquals(event, back);
            }
        }
    }

    @Test
    void theWireNamesAreSnakeCase() {
        String json = new String(codec.encode(new SyncEvent.ReadUpTo(SESSION, 3)), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"type\":\"read_up_to\"") && json.contains("\"session_id\""), json);
    }

    @Test
    void unknownTypesBrokenEventsAndExtraMembersAreRefused() {
        for (String json : List.of("{\"type\":\"teleport\",\"session_id\":\"" + SESSION + "\"}",
                "{\"type\":\"read_up_to\",\"session_id\":\"" + SESSION + "\",\"seq\":0}",
                "{\"type\":\"read_up_to\",\"session_id\":\"" + SESSION + "\",\"seq\":1,\"extra\":true}",
                "{\"type\":\"read_up_to\",\"session_id\":\"" + SESSION + "\",\"seq\":\"1\"}",
                "{\"type\":\"contact_added\",\"user_id\":\"u\",\"username\":\"bob\",\"root_key\":\"AAAA\"}",
                "not json")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)), json);
            assertTrue(refused.getMessage().startsWith("The sync event is malformed"), refused.getMessage());
        }
        assertInstanceOf(SyncEvent.ReadUpTo.class, codec.decode(("{\"type\":\"read_up_to\",\"session_id\":\""
                + SESSION + "\",\"seq\":1}").getBytes(StandardCharsets.UTF_8)));
    }
}
