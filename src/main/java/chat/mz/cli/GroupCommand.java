package chat.mz.cli;

import chat.mz.client.messaging.Conversations;
import chat.mz.protocol.session.SessionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mzchat group}: creating groups and their membership: invitations, join requests, leaving. */
@Command(name = "group", mixinStandardHelpOptions = true,
        description = {"Create groups and manage who is in them.",
                "Users are usernames; their identity keys are checked as with \"mzchat contacts add\" (a changed "
                        + "key stops the command with exit code 3). The passphrase comes from $"
                        + PassphraseReader.VARIABLE + ", else it is asked for."},
        subcommands = {GroupCommand.Create.class, GroupCommand.Invite.class, GroupCommand.Remove.class,
                GroupCommand.Join.class, GroupCommand.Leave.class, GroupCommand.Approve.class,
                GroupCommand.Deny.class, GroupCommand.Accept.class, GroupCommand.Decline.class,
                GroupCommand.Rename.class})
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
            description = "Create a group with you as its owner; the members are in it at once. Prints its id.")
    static final class Create extends AccountCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The group's name (1 to 64 characters).")
        String name;

        @Option(names = "--member", paramLabel = "USER", split = ",",
                description = "Someone to have in the group from the start (repeatable, or comma-separated).")
        List<String> members = new ArrayList<>();

        @Override
        int run(CliAccount account) throws Exception {
            List<String> userIds = new ArrayList<>();
            for (String member : members) {
                userIds.add(account.userId(member));
            }
            SessionInfo created = account.await(account.messenger().conversations().createGroup(name.strip(),
                    userIds));
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
}
