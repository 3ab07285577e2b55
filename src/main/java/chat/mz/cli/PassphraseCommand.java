package chat.mz.cli;

import chat.mz.client.identity.LocalIdentity;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.identity.Keystore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mzchat passphrase}: seals this device's keys under a new passphrase. */
@Command(name = "passphrase", mixinStandardHelpOptions = true,
        description = {"Change the passphrase that seals this device's keys.",
                "The current passphrase comes from $" + PassphraseReader.VARIABLE + ", the new one from $"
                        + PassphraseCommand.NEW_VARIABLE + "; each is asked for when its variable is not set."})
final class PassphraseCommand implements Callable<Integer> {
    static final String NEW_VARIABLE = "MZCHAT_NEW_PASSPHRASE";

    @ParentCommand
    MzchatCommand parent;

    @Spec
    CommandSpec spec;

    private final PassphraseReader passphrases;

    PassphraseCommand() {
        this(PassphraseReader.forThisProcess());
    }

    PassphraseCommand(PassphraseReader passphrases) {
        this.passphrases = passphrases;
    }

    @Override
    public Integer call() throws Exception {
        LocalIdentity local = new LocalIdentity(parent.paths().data());
        if (!Files.exists(local.keystoreFile())) {
            throw new IllegalStateException("This device has no account yet: run mzchat init or mzchat link first.");
        }
        char[] current = passphrases.read();
        char[] next = null;
        try {
            next = passphrases.readNew(NEW_VARIABLE);
            // a wrong current passphrase throws before anything is written: the file stays as it was
            new Keystore(local.keystoreFile()).changePassphrase(current, next, Argon2Params.interactive(),
                    new SecureRandom());
        } finally {
            Bytes.wipe(current);
            if (next != null) {
                Bytes.wipe(next);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("The passphrase was changed.");
        out.flush();
        return 0;
    }
}
