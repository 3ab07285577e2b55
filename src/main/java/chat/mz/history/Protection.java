package chat.mz.history;

/**
 * How an entry's text reached this device, so the conversation can show which messages were
 * end-to-end encrypted and which could not be read.
 */
public enum Protection {
    /** Sent or received in the clear: the homeserver could read it. */
    PLAIN,
    /**
     * Encrypted under the conversation's room key: for a received message, its signature was checked
     * and it decrypted; for our own, it is sealed before it is sent.
     */
    ENCRYPTED,
    /**
     * Arrived encrypted, but this device could not open or verify it (its room key has not arrived,
     * or the signature was wrong). Its text is the explanation shown instead; it is not searchable,
     * and it can still be revealed if the key arrives later.
     */
    UNREADABLE
}
