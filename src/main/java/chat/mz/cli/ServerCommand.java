package chat.mz.cli;

import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mzchat server}: runs the homeserver in the foreground until SIGINT or SIGTERM. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the homeserver in the foreground. Prints \"listening on ws://HOST:PORT\" when ready.")
final class ServerCommand implements Callable<Integer> {

    @ParentCommand
    MzchatCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder for the homeserver's state, its database file homeserver.mv.db "
                    + "(default: the app's data folder + /homeserver).")
    Path data;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The homeserver's public name, e.g. chat.example.org, which devices sign into their "
                    + "logins (default: HOST:PORT as it listens). Keep it stable: it is the server's identity.")
    String name;

    @Option(names = "--mailbox-wait", paramLabel = "SECONDS", defaultValue = "25",
            description = "How long a waiting SyncMailbox call is held before \"no data yet\", "
                    + "at most 30 (default: ${DEFAULT-VALUE}).")
    int mailboxWaitSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535.");
        }
        if (mailboxWaitSeconds < 1 || mailboxWaitSeconds > 30) {
            throw new IllegalArgumentException("--mailbox-wait must be between 1 and 30 seconds.");
        }
        Path dataDir = (data != null ? data : parent.paths().data().resolve("homeserver")).toAbsolutePath();
        Files.createDirectories(dataDir);
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve("homeserver.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockFile, dataDir)) {
            ServerConfig config = ServerConfig.defaults().withAddress(host, port)
                    .withMailboxWait(Duration.ofSeconds(mailboxWaitSeconds))
                    .withPublicName(name == null || name.isBlank() ? null : name.strip())
                    .withDataDir(dataDir);
            Homeserver server = Homeserver.start(config, parent.version());
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "mzchat-server-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            PrintWriter out = spec.commandLine().getOut();
            out.println("listening on " + server.uri());
            out.flush();
            stopped.await();
            return 0;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dataDir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("Another homeserver is already using " + dataDir + ".");
        }
        return lock;
    }
}
