package chat.mz.cli;

import chat.mz.client.config.AppPaths;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.identity.Fingerprint;
import chat.mz.identity.UserIds;
import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mzchat init}: creates an account with this device as its authorized device. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create an account on a homeserver, with this device as its authorized device "
                + "(the one that holds the account's identity key).",
                "The passphrase comes from $" + PassphraseReader.VARIABLE + ", else it is asked for twice."})
final class InitCommand implements Callable<Integer> {

    @ParentCommand
    MzchatCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", required = true,
            description = "The homeserver, e.g. ws://127.0.0.1:8750.")
    String server;

    @Option(names = "--user", paramLabel = "NAME", required = true,
            description = "The username: 3 to 32 letters, digits, dots, dashes and underscores.")
    String user;

    @Option(names = "--device-name", paramLabel = "NAME",
            description = "What this device is called on the account (default: \"NAME's desktop\").")
    String deviceName;

    private final PassphraseReader passphrases;

    InitCommand() {
        this(PassphraseReader.forThisProcess());
    }

    InitCommand(PassphraseReader passphrases) {
        this.passphrases = passphrases;
    }

    @Override
    public Integer call() throws Exception {
        URI uri = CliConnection.parseAddress(server);
        String problem = UserIds.usernameProblem(user);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        AppPaths paths = parent.paths().create();
        LocalIdentity local = new LocalIdentity(paths.data());
        if (local.exists()) {
            throw new IllegalStateException("This device has an account already (" + local.keystoreFile()
                    + "). Nothing was changed.");
        }
        char[] passphrase = passphrases.readNew();
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mzchat-init");
            thread.setDaemon(true);
            return thread;
        });
        try (CliConnection connection = CliConnection.open(uri)) {
            AccountCreator creator = new AccountCreator(local, Argon2Params.interactive(), new SecureRandom(),
                    Clock.systemUTC(), worker);
            try (UnlockedIdentity identity = connection.await(creator.create(connection.connection(),
                    AccountCreator.Request.of(user, deviceName), passphrase))) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("Created the account \"" + identity.username() + "\" on " + uri + ".");
                out.println("user_id: " + identity.userId());
                out.println("device_id: " + identity.deviceId());
                out.println("device_name: " + identity.facts().deviceName());
                out.println("identity_key: " + Fingerprint.ofKey(identity.rootPublicKey()));
                out.println("keystore: " + local.keystoreFile());
                out.flush();
            }
        } finally {
            Bytes.wipe(passphrase);
            worker.shutdownNow();
        }
        return 0;
    }
}
