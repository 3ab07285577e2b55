package chat.mz.history;

/** Where this account stands in a conversation. */
public enum Membership {
    /** A member: can read and write. */
    MEMBER,
    /** Invited, not yet joined. */
    INVITED,
    /** Asked to join, not yet let in. */
    JOIN_REQUESTED,
    /** Left of its own accord. */
    LEFT,
    /** Removed by an owner. */
    REMOVED
}
