package chat.mz.ui.onboarding;

import java.util.Arrays;

/** Passphrases as characters, never as strings: copied out of a field, compared, wiped. */
final class Passphrases {
    private Passphrases() {
    }

    /** A copy of the characters (of a password field, say) that the caller wipes. */
    static char[] copyOf(CharSequence characters) {
        char[] copy = new char[characters.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = characters.charAt(i);
        }
        return copy;
    }

    /** Whether the two hold the same characters, without making strings of them. */
    static boolean same(CharSequence a, CharSequence b) {
        if (a.length() != b.length()) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < a.length(); i++) {
            difference |= a.charAt(i) ^ b.charAt(i);
        }
        return difference == 0;
    }

    static void wipe(char[] passphrase) {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
    }
}
