package chat.mz.ui.chats;

/**
 * An invitation or join request at the top of the list, with its two answers.
 *
 * @param text        "Ada invited you to “Climbing”", "Bob asks to join “Climbing”"
 * @param yesLabel    "Accept" or "Approve"
 * @param noLabel     "Decline" or "Deny"
 * @param busy        true while the answer is on its way
 */
public record RequestRow(ChatRequest request, String text, String yesLabel, String noLabel, boolean busy) {
    /** Tells one request from another in the list. */
    public String key() {
        return request.key();
    }
}
