package chat.mz.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the account: it gets the account opened ({@link CliAccount}), runs,
 * and has it closed however it ends. A changed contact key ends it with its own exit code.
 */
abstract class AccountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final PassphraseReader passphrases = PassphraseReader.forThisProcess();

    @Override
    public final Integer call() throws Exception {
        check();
        MzchatCommand root = (MzchatCommand) spec.root().userObject();
        try (CliAccount account = CliAccount.open(root.paths(), passphrases)) {
            if (online()) {
                account.connect();
            }
            return run(account);
        } catch (KeyChangedException e) {
            err().print(e.warning());
            err().flush();
            return KeyChangedException.EXIT_CODE;
        }
    }

    /** Refuses bad input before the passphrase is asked for; by default accepts everything. */
    void check() throws Exception {
    }

    /** Whether the command needs the homeserver; otherwise it works on this device's history alone. */
    boolean online() {
        return true;
    }

    /** The command itself. @return the exit code */
    abstract int run(CliAccount account) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
