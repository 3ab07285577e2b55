package chat.mz.cli;

import java.nio.file.Path;

/** Starts the desktop app; given to the command line by the launcher, which knows the UI. */
@FunctionalInterface
public interface DesktopLauncher {
    /** Runs the desktop app until its window closes. {@code home} is null unless {@code --home} was given. */
    void launch(Path home);
}
