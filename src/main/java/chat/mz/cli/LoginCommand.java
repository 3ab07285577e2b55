package chat.mz.cli;

import chat.mz.client.identity.AccountFacts;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.crypto.Bytes;
import chat.mz.protocol.account.LoginResult;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mzchat login}: unlocks this device's identity and logs in to its homeserver, to check both work. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Unlock this device's identity and log in to its homeserver; prints who it is.",
                "The passphrase comes from $" + PassphraseReader.VARIABLE + ", else it is asked for."})
final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    MzchatCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL",
            description = "Log in at this address instead of the one the account was created on "
                    + "(the same homeserver, reached another way).")
    String server;

    private final PassphraseReader passphrases;

    LoginCommand() {
        this(PassphraseReader.forThisProcess());
    }

    LoginCommand(PassphraseReader passphrases) {
        this.passphrases = passphrases;
    }

    @Override
    public Integer call() throws Exception {
        LocalIdentity local = new LocalIdentity(parent.paths().data());
        if (!local.exists()) {
            throw new IllegalStateException("There is no account on this device yet. Create one with \"mzchat init\".");
        }
        AccountFacts facts = local.facts();
        URI uri = server != null ? CliConnection.parseAddress(server) : facts.homeserver();
        char[] passphrase = passphrases.read();
        UnlockedIdentity identity;
        try {
            identity = local.unlock(passphrase);
        } finally {
            Bytes.wipe(passphrase);
        }
        try (identity; CliConnection connection = CliConnection.open(uri)) {
            LoginResult result = connection.await(new DeviceLogin(connection.connection(), connection.hellos())
                    .login(identity));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Logged in to " + uri + " as \"" + result.username() + "\" on the device \""
                    + facts.deviceName() + "\".");
            out.println("user_id: " + result.userId());
            out.println("device_id: " + result.deviceId());
            out.println("device_list_version: " + result.deviceListVersion());
            out.flush();
        }
        return 0;
    }
}
