package chat.mz.ui.onboarding;

/**
 * A simple, honest hint about a passphrase: its length and how many kinds of characters it mixes
 * (lower case, upper case, digits, anything else). It cannot know whether the words are guessable, so
 * it never says more than "Strong".
 */
public enum PassphraseStrength {
    EMPTY(""),
    TOO_SHORT("Too short: at least " + PassphraseStrength.MIN_LENGTH + " characters"),
    FAIR("Fair: longer, or mixing letters, digits and symbols, is stronger"),
    STRONG("Strong");

    /** The shortest passphrase the wizard accepts. */
    public static final int MIN_LENGTH = 10;

    private final String hint;

    PassphraseStrength(String hint) {
        this.hint = hint;
    }

    /** What the wizard shows under the passphrase. */
    public String hint() {
        return hint;
    }

    /** Whether a passphrase this strong may be used. */
    public boolean acceptable() {
        return this == FAIR || this == STRONG;
    }

    /**
     * Rates {@code passphrase} without copying it: under {@link #MIN_LENGTH} is too short; 16 or more
     * characters of two kinds, or 12 or more of three kinds, or 20 or more of any kind are strong; the
     * rest is fair.
     */
    public static PassphraseStrength of(CharSequence passphrase) {
        int length = passphrase.length();
        if (length == 0) {
            return EMPTY;
        }
        if (length < MIN_LENGTH) {
            return TOO_SHORT;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < length; i++) {
            char c = passphrase.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        int kinds = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        if (length >= 20 || (length >= 16 && kinds >= 2) || (length >= 12 && kinds >= 3)) {
            return STRONG;
        }
        return FAIR;
    }
}
