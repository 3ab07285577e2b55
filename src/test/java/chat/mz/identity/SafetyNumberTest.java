package chat.mz.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SafetyNumberTest {
    private static final byte[] ADA = key(1);
    private static final byte[] BOB = key(2);

    @Test
    void bothSidesSeeTheSameSixtyDigits() {
        String adaSees = SafetyNumber.of("ada-id", ADA, "bob-id", BOB);
        String bobSees = SafetyNumber.of("bob-id", BOB, "ada-id", ADA);
        assertEquals(adaSees, bobSees);
        assertTrue(adaSees.matches("(\\d{5} ){11}\\d{5}"), adaSees);
    }

    @Test
    void anyKeyChangeChangesTheNumber() {
        String before = SafetyNumber.of("ada-id", ADA, "bob-id", BOB);
        byte[] other = BOB.clone();
        other[31] ^= 1;
        String after = SafetyNumber.of("ada-id", ADA, "bob-id", other);
        assertNotEquals(before, after);
        // only bob's half moves: ada's 30 digits stay, so each user can tell whose key changed
        assertEquals(before.substring(0, 35), after.substring(0, 35));
        assertNotEquals(before.substring(36), after.substring(36));
    }

    @Test
    void theUserIdIsBoundIn() {
        assertNotEquals(SafetyNumber.of("ada-id", ADA, "bob-id", BOB), SafetyNumber.of("ada-id", ADA, "eve-id", BOB));
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
