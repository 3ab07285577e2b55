package chat.mz.protocol.session;

/**
 * Result of a membership change: the sequence number of the timeline event it made, or null when it
 * made none (a join request waits for approval; a denial is told to the requester only).
 */
public record SessionActionResult(Long seq) {
}
