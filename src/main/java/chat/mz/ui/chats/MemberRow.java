package chat.mz.ui.chats;

/**
 * A member's line in the group settings: "bob (owner, you) · 2 devices".
 *
 * @param removable the owner may remove them: everyone but the owner, seen by the owner
 */
public record MemberRow(String userId, String username, String text, boolean removable) {

    static MemberRow of(GroupSettings.Member member, boolean iOwn) {
        String roles = member.owner() && member.me() ? " (owner, you)" : member.owner() ? " (owner)"
                : member.me() ? " (you)" : "";
        String devices = member.devices() < 0 ? "devices unknown"
                : member.devices() == 1 ? "1 device" : member.devices() + " devices";
        return new MemberRow(member.userId(), member.username(), member.username() + roles + " · " + devices,
                iOwn && !member.me() && !member.owner());
    }
}
