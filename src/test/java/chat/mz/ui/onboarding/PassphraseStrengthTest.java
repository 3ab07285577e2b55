package chat.mz.ui.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PassphraseStrengthTest {

    @Test
    void underTenCharactersIsTooShortToUse() {
        assertEquals(PassphraseStrength.EMPTY, PassphraseStrength.of(""));
        assertEquals(PassphraseStrength.TOO_SHORT, PassphraseStrength.of("Ab1!Ab1!A"));
        assertFalse(PassphraseStrength.TOO_SHORT.acceptable());
        assertEquals("Too short: at least 10 characters", PassphraseStrength.TOO_SHORT.hint());
    }

    @Test
    void lengthAndMixedKindsMakeItStrong() {
        assertEquals(PassphraseStrength.FAIR, PassphraseStrength.of("abcdefghij"));
        assertEquals(PassphraseStrength.FAIR, PassphraseStrength.of("abcdefghijklmn1"), "15 of two kinds");
        assertEquals(PassphraseStrength.STRONG, PassphraseStrength.of("abcdefghijklmno1"), "16 of two kinds");
        assertEquals(PassphraseStrength.STRONG, PassphraseStrength.of("Abcdefghij1x"), "12 of three kinds");
        assertEquals(PassphraseStrength.STRONG, PassphraseStrength.of("aaaaaaaaaaaaaaaaaaaa"), "20 of one kind");
        assertTrue(PassphraseStrength.FAIR.acceptable());
        assertEquals("Strong", PassphraseStrength.STRONG.hint());
    }
}
