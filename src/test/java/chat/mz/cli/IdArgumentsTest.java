package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A conversation id may start with '-' (URL-safe base64): it is still taken as the id, not as an option. */
class IdArgumentsTest {
    @Test
    void anIdStartingWithADashIsAnId() {
        CommandLine commandLine = MzchatCommand.commandLine(home -> { }, "test");
        CommandLine.ParseResult parsed = commandLine.parseArgs("history", "-Xb3kQ9zZ_aTm8wV2pLr0eA");
        HistoryCommand history = (HistoryCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals("-Xb3kQ9zZ_aTm8wV2pLr0eA", history.sessionId);

        CommandLine.ParseResult rotate = MzchatCommand.commandLine(home -> { }, "test")
                .parseArgs("group", "rotate", "-Xb3kQ9zZ_aTm8wV2pLr0eA");
        GroupCommand.Rotate command = (GroupCommand.Rotate) rotate.subcommand().subcommand().commandSpec().userObject();
        assertEquals("-Xb3kQ9zZ_aTm8wV2pLr0eA", command.sessionId);
    }
}
