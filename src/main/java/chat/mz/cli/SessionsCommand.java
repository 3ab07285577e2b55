package chat.mz.cli;

import chat.mz.history.History;
import chat.mz.history.Membership;
import chat.mz.history.SessionSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mzchat sessions}: the conversations this account is in. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "The conversations (groups and 1:1 chats) this account is in.",
        subcommands = SessionsCommand.ListSessions.class)
final class SessionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code mzchat sessions list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the conversations, newest activity first: id, name, kind (group or direct), "
                    + "your role (owner, member; or invited, join_requested, left, removed), members, unread "
                    + "messages.",
                    "The list is brought up to date with the homeserver when it can be reached; new messages "
                            + "(and so the unread counts) come with \"mzchat receive\".",
                    "The passphrase comes from $" + PassphraseReader.VARIABLE + ", else it is asked for."})
    static final class ListSessions extends AccountCommand {
        @Override
        boolean online() {
            return false;
        }

        @Override
        int run(CliAccount account) throws Exception {
            try {
                account.connect();
                account.await(account.messenger().conversations().syncAll());
            } catch (CliAccount.Unreachable unreachable) {
                err().println("mzchat: " + unreachable.getMessage() + " This is the list as this device last saw it.");
                err().flush();
            }
            History history = account.history();
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("SESSION_ID", "NAME", "KIND", "ROLE", "MEMBERS", "UNREAD"));
            for (SessionSummary session : history.sessions()) {
                rows.add(List.of(session.sessionId(), session.name().isBlank() ? "-" : Lines.oneLine(session.name()),
                        session.direct() ? "direct" : "group", role(session),
                        String.valueOf(history.members(session.sessionId()).size()),
                        String.valueOf(session.unreadCount())));
            }
            PrintWriter out = out();
            if (rows.size() == 1) {
                out.println("No conversations yet. Start one with \"mzchat send --to USER TEXT\" or "
                        + "\"mzchat group create NAME\".");
            } else {
                out.print(DevicesCommand.ListDevices.table(rows));
            }
            out.flush();
            return 0;
        }

        private static String role(SessionSummary session) {
            if (session.membership() == Membership.MEMBER) {
                return session.myRole();
            }
            return session.membership().name().toLowerCase(Locale.ROOT);
        }
    }
}
