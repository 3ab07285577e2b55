package chat.mz.ui.chats;

/** Why something in the Chats section could not be done; the message is a sentence for the user. */
public final class ChatAccountException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChatAccountException(String message, Throwable cause) {
        super(message, cause);
    }
}
