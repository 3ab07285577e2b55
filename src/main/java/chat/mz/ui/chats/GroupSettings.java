package chat.mz.ui.chats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a group's settings show: its end-to-end encryption and current room key, its members with
 * how many devices each has, and this account's place in it.
 *
 * @param conversationId        the group
 * @param name                  its name
 * @param owner                 this account owns it: only then can encryption and the key settings change
 * @param active                this account is still in it
 * @param encrypted             its end-to-end encryption is on
 * @param keyNumber             the current room key's number; 0 before the first
 * @param keyCreatedAt          when this device's copy of the current key was made; null if it has none
 * @param rotation              how long a key is used before it is replaced; zero for no limit
 * @param nextRotationDue       when the current key is due for replacement; null without a limit
 * @param newMembersReadHistory whether newcomers can read the messages written before they came
 * @param members               the members, by username
 * @param stale                 why these are the facts last known rather than the homeserver's current
 *                              ones (it could not be reached); empty when current
 */
public record GroupSettings(String conversationId, String name, boolean owner, boolean active, boolean encrypted,
                            long keyNumber, Instant keyCreatedAt, Duration rotation, Instant nextRotationDue,
                            boolean newMembersReadHistory, List<Member> members, String stale) {

    public GroupSettings {
        Objects.requireNonNull(conversationId, "conversationId");
        name = name == null ? "" : name;
        rotation = rotation == null ? Duration.ZERO : rotation;
        members = List.copyOf(members);
        stale = stale == null ? "" : stale;
    }

    /**
     * A member of the group.
     *
     * @param owner   owns the group
     * @param me      this account
     * @param devices how many devices they have, each holding the room key; -1 when it could not be asked
     */
    public record Member(String userId, String username, boolean owner, boolean me, int devices) {
        public Member {
            Objects.requireNonNull(userId, "userId");
            username = username == null ? "" : username;
        }
    }
}
