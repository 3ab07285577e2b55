package chat.mz.cli;

import chat.mz.client.config.AppPaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mzchat}: with no command, the desktop app; otherwise one of the subcommands. */
@Command(name = "mzchat",
        mixinStandardHelpOptions = true,
        description = {"End-to-end-encrypted messenger.", "Without a command, starts the desktop app."},
        subcommands = {ServerCommand.class, InitCommand.class, LoginCommand.class, PassphraseCommand.class,
                LinkCommand.class, DevicesCommand.class, ContactsCommand.class, SendCommand.class,
                ReceiveCommand.class, HistoryCommand.class, SearchCommand.class, SessionsCommand.class,
                GroupCommand.class, CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true)
public final class MzchatCommand implements Callable<Integer> {

    @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Keep all of the app's settings, data and logs under DIR "
                    + "(default: $" + AppPaths.HOME_VARIABLE + ", else the system's usual places).")
    Path home;

    private final DesktopLauncher desktop;
    private final String version;

    public MzchatCommand(DesktopLauncher desktop, String version) {
        this.desktop = desktop;
        this.version = version;
    }

    @Override
    public Integer call() {
        desktop.launch(home);
        return 0;
    }

    /** The app's paths for this run. */
    AppPaths paths() {
        return AppPaths.forCurrentUser(home);
    }

    String version() {
        return version;
    }

    /**
     * The command line, ready to run: commands that fail print one plain sentence and exit 1;
     * logging is pointed at the app's log folder before any command starts (and before anything logs).
     */
    public static CommandLine commandLine(DesktopLauncher desktop, String version) {
        MzchatCommand root = new MzchatCommand(desktop, version);
        CommandLine commandLine = new CommandLine(root);
        commandLine.getCommandSpec().version("mzchat " + version);
        // ids are URL-safe base64 and one in 64 starts with '-': such an argument is an id, not an option
        commandLine.setUnmatchedOptionsArePositionalParams(true);
        commandLine.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult leaf = parseResult;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            String logName = leaf.commandSpec().userObject() instanceof ServerCommand ? "homeserver" : "mzchat";
            LogSetup.configure(root.paths(), logName);
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("mzchat: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            cmd.getErr().flush();
            return 1;
        });
        return commandLine;
    }
}
