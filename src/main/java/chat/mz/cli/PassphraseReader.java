package chat.mz.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.Map;

/**
 * Where the command line gets the passphrase: the {@code MZCHAT_PASSPHRASE} variable (for scripts
 * and tests), else the terminal without echo, else it gives up with a sentence saying how to give
 * one. The variable's value is a Java string and cannot be wiped; the arrays returned can and must be.
 */
final class PassphraseReader {
    static final String VARIABLE = "MZCHAT_PASSPHRASE";
    static final int MIN_LENGTH = 8;

    private final Map<String, String> env;
    private final Console console;

    /** @param console null when there is no terminal */
    PassphraseReader(Map<String, String> env, Console console) {
        this.env = env;
        this.console = console;
    }

    static PassphraseReader forThisProcess() {
        return new PassphraseReader(System.getenv(), System.console());
    }

    /** A passphrase to unlock with. */
    char[] read() {
        String fromEnv = env.get(VARIABLE);
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        return ask("Passphrase: ");
    }

    /** A new passphrase: asked twice on a terminal, and long enough. */
    char[] readNew() {
        return readNew(VARIABLE);
    }

    /** A new passphrase from {@code variable}, else asked twice on a terminal; long enough either way. */
    char[] readNew(String variable) {
        String fromEnv = env.get(variable);
        char[] passphrase;
        if (fromEnv != null) {
            passphrase = fromEnv.toCharArray();
        } else {
            passphrase = ask("New passphrase: ");
            char[] again = ask("The same passphrase again: ");
            try {
                if (!Arrays.equals(passphrase, again)) {
                    Arrays.fill(passphrase, '\0');
                    throw new IllegalArgumentException("The two passphrases differ. Nothing was changed.");
                }
            } finally {
                Arrays.fill(again, '\0');
            }
        }
        if (passphrase.length < MIN_LENGTH) {
            Arrays.fill(passphrase, '\0');
            throw new IllegalArgumentException("A passphrase needs at least " + MIN_LENGTH + " characters.");
        }
        return passphrase;
    }

    private char[] ask(String prompt) {
        if (console == null) {
            throw new IllegalStateException("No passphrase given: set " + VARIABLE
                    + " or run mzchat in a terminal to type it.");
        }
        char[] typed = console.readPassword("%s", prompt);
        if (typed == null) {
            throw new IllegalStateException("No passphrase was typed (the input ended).");
        }
        return typed;
    }
}
