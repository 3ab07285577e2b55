package chat.mz.cli;

/**
 * A contact's identity key is not the one first seen for them: someone may be impersonating them,
 * or they set up their account again. Commands stop with exit code {@link #EXIT_CODE} and the
 * {@link #warning()} on stderr rather than send anything to a key nobody has checked.
 */
final class KeyChangedException extends Exception {
    /** The exit code for a changed key, distinct from 1 (any other refusal) so scripts can tell. */
    static final int EXIT_CODE = 3;

    private final String username;
    private final String safetyNumber;

    KeyChangedException(String username, String safetyNumber) {
        super("The identity key of \"" + username + "\" has changed.");
        this.username = username;
        this.safetyNumber = safetyNumber;
    }

    /** The warning, several lines, loud on purpose. */
    String warning() {
        String n = System.lineSeparator();
        return "mzchat: WARNING: THE IDENTITY KEY OF \"" + username + "\" HAS CHANGED." + n
                + "mzchat: Someone may be pretending to be " + username + ", or they set up their account again." + n
                + "mzchat: Compare this safety number with " + username + " in person or by a call you trust:" + n
                + "mzchat:   " + safetyNumber + n
                + "mzchat: If it matches, run: mzchat contacts trust " + username + n
                + "mzchat: Until then nothing is sent to or done with " + username + "." + n;
    }
}
