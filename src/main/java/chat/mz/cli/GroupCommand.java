package chat.mz.cli;

import chat.mz.client.messaging.Conversations;
import chat.mz.client.messaging.GroupEncryption;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionSettingsParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mzchat group}: creating groups and their membership: invitations, join requests, leaving;
 * and their end-to-end encryption: on and off, replacing the room key, its settings.
 */
@Command(name = "group", mixinStandardHelpOptions = true,
        description = {"Create groups, manage who is in them, and their end-to-end encryption.",
                "Users are usernames; their identity keys are checked as with \"mzchat contacts add\" (a changed "
                        + "key stops the command with exit code 3). The passphrase comes from $"
                        + PassphraseReader.VARIABLE + ", else it is asked for."},
        subcommands = {GroupCommand.Create.class, GroupCommand.Invite.class, GroupCommand.Remove.class,
                GroupCommand.Join.class, GroupCommand.Leave.class, GroupCommand.Approve.class,
                GroupCommand.Deny.class, GroupCommand.Accept.class, GroupCommand.Decline.class,
                GroupCommand.Rename.class, GroupCommand.E2ee.class, GroupCommand.Rotate.class,
                GroupCommand.Settings.class})
final class GroupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** A command on one session. */
    abstract static class OnSession extends AccountCommand {
        @Parameters(index = "0", paramLabel = "SESSION", description = "The group's id.")
        String sessionId;

        @Override
        final int run(CliAccount account) throws Exception {
            String said = act(account, account.messenger().conversations());
            out().println(said);
            out().flush();
            return 0;
        }

        /** Does it; @return the line that says what was done */
        abstract String act(CliAccount account, Conversations conversations) throws Exception;
    }

    /** A command on one session and one user. */
    abstract static class OnSessionUser extends OnSession {
        @Parameters(index = "1", paramLabel = "USER", description = "The username.")
        String username;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a group with you as its owner; the members are in it at once. Prints its id.",
                    "With --e2ee its messages are end-to-end encrypted from the first: its first room key "
                            + "(key 1) is made and sent to every member device before the id is printed."})
    static final class Create extends AccountCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The group's name (1 to 64 characters).")
        String name;

        @Option(names = "--member", paramLabel = "USER", split = ",",
                description = "Someone to have in the group from the start (repeatable, or comma-separated).")
        List<String> members = new ArrayList<>();

        @Option(names = "--e2ee", description = "End-to-end encrypt the group's messages (it can be turned off "
                + "later with \"mzchat group e2ee SESSION off\").")
        boolean e2ee;

        @Override
        int run(CliAccount account) throws Exception {
            List<String> userIds = new ArrayList<>();
            for (String member : members) {
                userIds.add(account.userId(member));
            }
            SessionInfo created = account.await(account.messenger().conversations().createGroup(name.strip(),
                    userIds, e2ee));
            out().println(created.sessionId());
            out().flush();
            return 0;
        }
    }

    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = "Invite someone to a group you are in; they join with \"mzchat group accept\".")
    static final class Invite extends OnSessionUser {
        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            account.await(conversations.invite(sessionId, account.userId(username)));
            return "Invited " + username + " to " + sessionId + ".";
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove someone from a group you own.")
    static final class Remove extends OnSessionUser {
        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            account.await(conversations.remove(sessionId, account.userId(username)));
            return "Removed " + username + " from " + sessionId + ".";
        }
    }

    @Command(name = "join", mixinStandardHelpOptions = true,
            description = "Ask to join a group by its id; its owner approves or denies.")
    static final class Join extends OnSession {
        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            account.await(conversations.join(sessionId));
            return "Asked to join " + sessionId + ". Its owner decides; \"mzchat receive\" shows the answer.";
        }
    }

    @Command(name = "leave", mixinStandardHelpOptions = true, description = "Leave a group.")
    static final class Leave extends OnSession {
        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            account.await(conversations.leave(sessionId));
            return "Left " + sessionId + ".";
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Let in someone who asked to join a group you own.")
    static final class Approve extends OnSessionUser {
        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            account.await(conversations.allow(sessionId, account.userId(username)));
            return "Let " + username + " into " + sessionId + ".";
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true,
            description = "Turn down someone who asked to join a group you own.")
    static final class Deny extends OnSessionUser {
        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            account.await(conversations.deny(sessionId, account.userId(username)));
            return "Turned down " + username + "'s request to join " + sessionId + ".";
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true, description = "Accept an invitation to a group.")
    static final class Accept extends OnSession {
        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            SessionInfo joined = account.await(conversations.accept(sessionId));
            return "Joined \"" + joined.name() + "\" (" + joined.sessionId() + ").";
        }
    }

    @Command(name = "decline", mixinStandardHelpOptions = true, description = "Decline an invitation to a group.")
    static final class Decline extends OnSession {
        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            account.await(conversations.decline(sessionId));
            return "Declined the invitation to " + sessionId + ".";
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a group you own.")
    static final class Rename extends OnSession {
        @Parameters(index = "1", paramLabel = "NAME", description = "The new name (1 to 64 characters).")
        String name;

        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            account.await(conversations.rename(sessionId, name.strip()));
            return "Renamed " + sessionId + " to \"" + name.strip() + "\".";
        }
    }

    /** A switch as the command line spells it. */
    enum OnOff {
        on, off
    }

    @Command(name = "e2ee", mixinStandardHelpOptions = true,
            description = {"Turn end-to-end encryption on or off in a group you own; every member sees it in the "
                    + "conversation.",
                    "On makes a fresh room key at once. Off means new messages travel in the clear and can be read "
                            + "by the homeserver; earlier encrypted messages stay encrypted."})
    static final class E2ee extends OnSession {
        @Parameters(index = "1", paramLabel = "on|off", description = "on or off.")
        OnOff state;

        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            GroupEncryption encryption = account.messenger().encryption();
            if (state == OnOff.on) {
                long epoch = account.await(encryption.turnOn(sessionId));
                return "End-to-end encryption is on in " + sessionId + " (room key " + epoch + ").";
            }
            account.await(encryption.turnOff(sessionId));
            return "End-to-end encryption is off in " + sessionId + ". New messages can be read by the homeserver.";
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Replace the room key of an encrypted group now (any member may): a new key is made and "
                    + "sent to every device of every member, and later messages are encrypted under it.",
                    "The other members' devices get the new key with their next \"mzchat receive\"; until then "
                            + "their \"mzchat send\" keeps an encrypted message in the outbox (exit 75), and that "
                            + "receive sends it.",
                    "If another member replaced the key at the same moment, theirs is kept: this says so, names "
                            + "the key the group is on, and still exits 0, as the group has a fresh key either way."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the room key was replaced (by you, or by another member at the same moment)",
                    "1:it was not (for instance the group's encryption is off), or something else failed"})
    static final class Rotate extends OnSession {
        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            GroupEncryption encryption = account.messenger().encryption();
            try {
                long epoch = account.await(encryption.rotateNow(sessionId));
                return "Replaced the room key of " + sessionId + ": now key " + epoch + ".";
            } catch (RpcException e) {
                if (!e.is(ErrorCode.ROOM_KEY_EPOCH_MISMATCH)) {
                    throw e;
                }
                long epoch = account.await(encryption.refreshKeyInfo(sessionId)).epoch();
                return "Another member replaced the room key of " + sessionId + " at the same moment: the group "
                        + "is on their key now (key " + epoch + ").";
            }
        }
    }

    @Command(name = "settings", mixinStandardHelpOptions = true,
            description = {"Show or change the room key settings of a group.",
                    "Without options, prints (one \"name: value\" a line) encryption (on or off), room_key (the "
                            + "current key's number, 0 before the first), key_age (how old this device's copy of "
                            + "it is, - if it has none), rotation (the period after which the key is replaced, or "
                            + "none), next_rotation (when, \"no rotation period\", or \"before the next encrypted "
                            + "message\") and new_members_read_history (yes: newcomers get the current key and "
                            + "can read the messages under it; no: they start with the next key).",
                    "With options, changes them (the owner only) and says so."})
    static final class Settings extends OnSession {
        @Option(names = "--rotation", paramLabel = "DURATION|none", converter = RotationConverter.class,
                description = "Replace the room key this often: a number with s, m, h or d (90s, 30m, 12h, 7d), "
                        + "from 1 minute to 366 days; none for never.")
        Duration rotation;

        @Option(names = "--new-members-read-history", paramLabel = "true|false", arity = "1",
                description = "Whether someone joining gets the current room key, and so can read the messages "
                        + "sent under it.")
        Boolean newMembersReadHistory;

        @Override
        String act(CliAccount account, Conversations conversations) throws Exception {
            GroupEncryption encryption = account.messenger().encryption();
            if (rotation != null || newMembersReadHistory != null) {
                account.await(encryption.updateSettings(sessionId, rotation, newMembersReadHistory));
                List<String> changed = new ArrayList<>();
                if (rotation != null) {
                    changed.add(rotation.isZero() ? "no rotation period" : "rotation every "
                            + Lines.duration(rotation));
                }
                if (newMembersReadHistory != null) {
                    changed.add(newMembersReadHistory ? "new members read history" : "new members start with the "
                            + "next key");
                }
                return "Changed the encryption settings of " + sessionId + ": " + String.join(", ", changed) + ".";
            }
            GroupEncryption.KeyInfo info = account.await(encryption.refreshKeyInfo(sessionId));
            return String.join(System.lineSeparator(), describe(info, Instant.now()));
        }

        static List<String> describe(GroupEncryption.KeyInfo info, Instant now) {
            String next;
            if (info.rekeyNeeded()) {
                next = "before the next encrypted message";
            } else if (info.rotation().isZero()) {
                next = "no rotation period";
            } else {
                next = info.nextRotationDue() == null ? "-" : Lines.time(info.nextRotationDue());
            }
            return List.of("encryption: " + (info.e2eeOn() ? "on" : "off"),
                    "room_key: " + info.epoch(),
                    "key_age: " + (info.keyCreatedAt() == null ? "-"
                            : Lines.age(Duration.between(info.keyCreatedAt(), now))),
                    "rotation: " + (info.rotation().isZero() ? "none" : Lines.duration(info.rotation())),
                    "next_rotation: " + next,
                    "new_members_read_history: " + (info.newMembersReadHistory() ? "yes" : "no"));
        }
    }

    /** A rotation period: {@code none}, or a number of seconds, minutes, hours or days within the homeserver's limits. */
    static final class RotationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhd])");

        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            if (text.equals("none")) {
                return Duration.ZERO;
            }
            Matcher matcher = FORM.matcher(text);
            if (!matcher.matches()) {
                throw new CommandLine.TypeConversionException("\"" + value + "\" is not a period such as 90s, "
                        + "30m, 12h or 7d, nor none.");
            }
            long amount = Long.parseLong(matcher.group(1));
            Duration period = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            if (period.toSeconds() < SessionSettingsParams.MIN_ROTATION_SECONDS
                    || period.toSeconds() > SessionSettingsParams.MAX_ROTATION_SECONDS) {
                throw new CommandLine.TypeConversionException("\"" + value + "\" is outside 1 minute to 366 days "
                        + "(or none, for no rotation).");
            }
            return period;
        }
    }
}
