package chat.mz.ui.onboarding;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failure into the sentence a screen shows; the log keeps the details. The failures of the
 * layers below already carry such sentences: the homeserver's errors ("That username is taken. Choose
 * another one."), the keystore's ("The passphrase is wrong. Nothing was changed."), the app's.
 */
final class Problems {
    static final String UNEXPECTED = "Something went wrong (the log has the details).";

    private Problems() {
    }

    static String sentence(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? UNEXPECTED : message;
    }
}
