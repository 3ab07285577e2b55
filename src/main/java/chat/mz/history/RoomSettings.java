package chat.mz.history;

import java.util.Objects;

/**
 * What this device knows of a conversation's encryption, kept so that it still knows after a
 * restart which key is current and whether a new one is due, before the homeserver is reached.
 *
 * @param sessionId             the conversation
 * @param keyEpoch              the epoch of the current room key; 0 before the first
 * @param rekeyNeeded           a new room key is due (a member left, a device was revoked, rotation)
 * @param rotationSeconds       how long a key may be used before a new one is made; 0 for never
 * @param newMembersReadHistory whether members who join are given the earlier keys, and so can read
 *                              what was said before they joined
 * @param e2eeOn                whether messages are end-to-end encrypted
 */
public record RoomSettings(String sessionId, long keyEpoch, boolean rekeyNeeded, long rotationSeconds,
                           boolean newMembersReadHistory, boolean e2eeOn) {
    public RoomSettings {
        Objects.requireNonNull(sessionId, "sessionId");
        if (keyEpoch < 0 || rotationSeconds < 0) {
            throw new IllegalArgumentException("key epoch and rotation are never negative");
        }
    }

    /** What a conversation has before anything was stored for it: no key, not encrypted. */
    public static RoomSettings defaults(String sessionId) {
        return new RoomSettings(sessionId, 0, false, 0, false, false);
    }
}
