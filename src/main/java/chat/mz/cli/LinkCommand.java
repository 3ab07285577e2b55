package chat.mz.cli;

import chat.mz.client.devices.DeviceJoining;
import chat.mz.client.identity.AccountCreator;
import chat.mz.client.identity.LinkedIdentityStore;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.pairing.DeviceKeyGenerator;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.client.qr.QrCode;
import chat.mz.client.sync.HistoryTransfers;
import chat.mz.crypto.Argon2Params;
import chat.mz.crypto.Bytes;
import chat.mz.history.History;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mzchat link}: makes this device a new device of an existing account, from the other device's link. */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = {"Link this device to an account: give the link that \"mzchat devices add\" (or the desktop "
                + "app) shows, or a picture of its QR code. Prints a check code to compare with the other device; "
                + "once approved there, this device stores its keys and logs in.",
                "The passphrase for this device comes from $" + PassphraseReader.VARIABLE + ", else it is asked "
                        + "for twice."})
final class LinkCommand implements Callable<Integer> {
    /** How long the homeserver keeps a link; waiting longer is pointless. */
    private static final Duration LINK_WAIT = DevicesCommand.LINK_LIFETIME.plusSeconds(15);
    /** How long the first login waits for the other device to publish this one. */
    private static final Duration LOGIN_PATIENCE = Duration.ofSeconds(60);

    @ParentCommand
    MzchatCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
            description = "The link, https://HOST/qr/login/SESSION#SECRET (quote it: it contains a #).")
    String url;

    @Option(names = "--qr-image", paramLabel = "FILE.png", description = "Read the link from a picture of the QR code.")
    Path qrImage;

    @Option(names = "--name", paramLabel = "NAME", required = true,
            description = "What this device is called on the account, e.g. \"Ada's phone\".")
    String name;

    @Option(names = "--skip-history",
            description = "Do not take the message history the other device offers (by default this device "
                    + "takes it, the next time it receives).")
    boolean skipHistory;

    private final PassphraseReader passphrases;

    LinkCommand() {
        this(PassphraseReader.forThisProcess());
    }

    LinkCommand(PassphraseReader passphrases) {
        this.passphrases = passphrases;
    }

    @Override
    public Integer call() throws Exception {
        if ((url == null) == (qrImage == null)) {
            throw new IllegalArgumentException("Give the device link, or --qr-image with a picture of its QR code "
                    + "(one of the two).");
        }
        LinkInvitation invitation = LinkInvitation.parse(url != null ? url : readQr(qrImage));
        String platform = AccountCreator.platform(System.getProperty("os.name", ""));
        chat.mz.protocol.pairing.PairingMessage.Request.checkLabels(name, platform);
        LocalIdentity local = new LocalIdentity(parent.paths().create().data());
        if (local.exists()) {
            throw new IllegalStateException("This device has an account already (" + local.keystoreFile()
                    + "). Nothing was changed.");
        }
        char[] passphrase = passphrases.readNew();
        ScheduledExecutorService executor = DevicesCommand.executor();
        try (CliConnection connection = CliConnection.open(invitation.websocketUri())) {
            SecureRandom random = new SecureRandom();
            DeviceJoining joining = new DeviceJoining(connection.connection(), connection.hellos(),
                    DeviceKeyGenerator.standard(), Clock.systemUTC(), random, executor);
            CompletableFuture<DeviceJoining.Joined> joined = joining.joined(
                    new LinkedIdentityStore(local, Argon2Params.interactive(), random), passphrase, LOGIN_PATIENCE);
            Bytes.wipe(passphrase);
            try {
                join(joining, joined, invitation, platform, local);
            } catch (Exception e) {
                // tell the other device, while the connection is still open
                joining.cancel();
                try {
                    Waits.await(joining.linked().handle((a, ignored) -> null), Duration.ofSeconds(3));
                } catch (TimeoutException ignored) {
                    // stopping anyway
                }
                throw e;
            }
        } finally {
            Bytes.wipe(passphrase);
            executor.shutdownNow();
        }
        return 0;
    }

    private void join(DeviceJoining joining, CompletableFuture<DeviceJoining.Joined> joined,
                      LinkInvitation invitation, String platform, LocalIdentity local) throws Exception {
        String code = waitFor(joining.start(invitation, name, platform), LINK_WAIT);
        PrintWriter out = spec.commandLine().getOut();
        out.println("check_code: " + code);
        out.println("Check that the other device shows the same code, and approve this device there.");
        out.flush();
        DeviceJoining.Joined done = waitFor(joined, LINK_WAIT.plus(LOGIN_PATIENCE));
        try (var identity = done.identity()) {
            out.println("Linked this device to the account \"" + done.login().username() + "\" as \""
                    + identity.facts().deviceName() + "\", and logged in to " + identity.facts().homeserver()
                    + ".");
            out.println("user_id: " + done.login().userId());
            out.println("device_id: " + done.login().deviceId());
            out.println("device_list_version: " + done.login().deviceListVersion());
            out.println("keystore: " + local.keystoreFile());
            // answered when the offer comes, by whichever command receives next
            byte[] key = identity.historyKey();
            try (History history = History.open(parent.paths().data().resolve(CliAccount.HISTORY_FILE), key,
                    Clock.systemUTC())) {
                history.put(HistoryTransfers.ANSWER_SETTING, skipHistory ? HistoryTransfers.SKIP
                        : HistoryTransfers.TAKE);
            } finally {
                Bytes.wipe(key);
            }
            out.println("history: " + (skipHistory ? "skipped" : "taken when the other device offers it"));
            out.flush();
        }
    }

    private static <T> T waitFor(java.util.concurrent.CompletionStage<T> stage, Duration bound) throws Exception {
        try {
            return Waits.await(stage, bound);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The other device did not finish linking in time; linking was "
                    + "cancelled.");
        }
    }

    private static String readQr(Path image) {
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException("There is no picture at " + image + ".");
        }
        try {
            return QrCode.decode(image);
        } catch (IOException e) {
            throw new IllegalArgumentException("No device link could be read from " + image + ": " + e.getMessage(),
                    e);
        }
    }
}
