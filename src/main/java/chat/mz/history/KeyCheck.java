package chat.mz.history;

/** What {@link History#rememberContact} found out about a contact's root key. */
public enum KeyCheck {
    /** The contact was not known before; its key is now remembered. */
    FIRST_SEEN,
    /** The key is the one last seen for this contact. */
    SAME,
    /** The key differs from the one last seen; the contact stays flagged until the change is accepted. */
    CHANGED
}
