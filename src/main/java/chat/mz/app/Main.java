package chat.mz.app;

import chat.mz.cli.MzchatCommand;

/**
 * The one entry point: no arguments start the desktop app, anything else is the command line. It is
 * a plain class, not a JavaFX {@code Application}, so that the runnable jar and the installers can
 * start it with JavaFX on the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = MzchatCommand.commandLine(DesktopApplication::launchDesktop, Version.current()).execute(args);
        System.exit(exitCode);
    }
}
