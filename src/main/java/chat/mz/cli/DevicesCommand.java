package chat.mz.cli;

import chat.mz.client.devices.DeviceAdding;
import chat.mz.client.identity.AccountFacts;
import chat.mz.client.identity.DeviceActivityLookup;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.DeviceLogin;
import chat.mz.client.identity.DeviceManager;
import chat.mz.client.identity.LocalIdentity;
import chat.mz.client.identity.UnlockedIdentity;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.client.pairing.LinkApproval;
import chat.mz.client.pairing.LinkInvitation;
import chat.mz.client.qr.QrCode;
import chat.mz.crypto.Bytes;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.DeviceList;
import chat.mz.identity.Revocation;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.account.DeviceListResult;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mzchat devices}: the account's devices: add (link) one, list them, revoke one. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "The account's devices: link a new one, list them, revoke one.",
        subcommands = {DevicesCommand.Add.class, DevicesCommand.ListDevices.class, DevicesCommand.Revoke.class})
final class DevicesCommand implements Callable<Integer> {
    /** How long a link lives on the homeserver; waiting longer is pointless. */
    static final Duration LINK_LIFETIME = Duration.ofMinutes(5);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    MzchatCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** This device's identity, unlocked; refused with a sentence if there is none. */
    static UnlockedIdentity unlock(LocalIdentity local, PassphraseReader passphrases) throws Exception {
        if (!local.exists()) {
            throw new IllegalStateException("There is no account on this device yet. Create one with \"mzchat init\".");
        }
        local.facts();
        char[] passphrase = passphrases.read();
        try {
            return local.unlock(passphrase);
        } finally {
            Bytes.wipe(passphrase);
        }
    }

    /** Refuses, before anything is sent, a device that cannot sign for the account. */
    static void requireRootKey(UnlockedIdentity identity, String what) {
        if (!identity.holdsRootKey()) {
            identity.close();
            throw new IllegalStateException("Only the account's authorized device (the one that created it) can "
                    + what + "; this device was linked to it.");
        }
    }

    static ScheduledExecutorService executor() {
        return Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "mzchat-devices");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@code mzchat devices add}: links a new device to the account. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Link a new device: prints a link (and optionally a QR code) to open on the new device "
                    + "with \"mzchat link\", shows the device and its check code, and asks whether to link it.",
                    "Only the account's authorized device can do this. The passphrase comes from $"
                            + PassphraseReader.VARIABLE + ", else it is asked for."})
    static final class Add implements Callable<Integer> {
        @ParentCommand
        DevicesCommand devices;

        @Spec
        CommandSpec spec;

        @Option(names = "--qr-out", paramLabel = "FILE.png", description = "Also write the link as a QR code (PNG).")
        Path qrOut;

        @Option(names = "--yes", description = "Link the device that answers without asking (for scripts).")
        boolean yes;

        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "Give up after this long (default: when the link expires, 5 minutes).")
        Long timeoutSeconds;

        private final PassphraseReader passphrases;
        private final Console console;

        Add() {
            this(PassphraseReader.forThisProcess(), System.console());
        }

        Add(PassphraseReader passphrases, Console console) {
            this.passphrases = passphrases;
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            if (timeoutSeconds != null && timeoutSeconds <= 0) {
                throw new IllegalArgumentException("--timeout needs a number of seconds above 0.");
            }
            if (!yes && console == null) {
                throw new IllegalStateException("There is no terminal to ask whether to link the device: run "
                        + "\"mzchat devices add\" in a terminal, or pass --yes to link the device that answers.");
            }
            LocalIdentity local = new LocalIdentity(devices.parent.paths().data());
            UnlockedIdentity identity = unlock(local, passphrases);
            AccountFacts facts = identity.facts();
            requireRootKey(identity, "add devices");
            Duration bound = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds)
                    : LINK_LIFETIME.plusSeconds(15);
            Instant deadline = Instant.now().plus(bound);
            ScheduledExecutorService executor = executor();
            try (identity; CliConnection connection = CliConnection.open(facts.homeserver())) {
                connection.await(new DeviceLogin(connection.connection(), connection.hellos()).login(identity));
                DeviceAdding adding = new DeviceAdding(connection.connection(), identity, Clock.systemUTC(),
                        new SecureRandom(), executor);
                try {
                    link(connection, adding, identity, deadline);
                } catch (Exception e) {
                    // tell a device that answered, while the connection is still open
                    adding.cancel();
                    try {
                        Waits.await(adding.added().handle((a, ignored) -> null), Duration.ofSeconds(3));
                    } catch (TimeoutException ignored) {
                        // stopping anyway
                    }
                    throw e;
                }
            } finally {
                executor.shutdownNow();
            }
            return 0;
        }

        private void link(CliConnection connection, DeviceAdding adding, UnlockedIdentity identity, Instant deadline)
                throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            LinkInvitation invitation = connection.await(adding.start().toCompletableFuture());
            String url = invitation.url();
            if (qrOut != null) {
                // written before the link is shown, so whoever sees the link finds the picture in place
                QrCode.encode(url).writePng(qrOut, 8);
            }
            out.println("link: " + url);
            if (qrOut != null) {
                out.println("qr_code: " + qrOut.toAbsolutePath());
            }
            out.println("On the new device, run: mzchat link '" + url + "' --name NAME");
            out.println("Waiting for the new device (until " + TIME.format(deadline) + ")...");
            out.flush();

            LinkApproval approval = until(adding.approval(), deadline, "No device answered the link");
            out.println("device_name: " + approval.deviceName());
            out.println("platform: " + approval.platform());
            out.println("fingerprint: " + approval.fingerprint());
            out.println("check_code: " + approval.checkCode());
            out.println("Check that the new device shows the same code.");
            out.flush();
            if (yes) {
                approval.approve();
            } else {
                String answer = console.readLine("Link this device? [y/N] ");
                String normalized = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
                if (normalized.equals("y") || normalized.equals("yes")) {
                    approval.approve();
                } else {
                    approval.deny();
                }
            }
            DeviceAdding.Added added = until(adding.added(), deadline.plusSeconds(30),
                    "The new device did not finish linking");
            DeviceCertificate certificate = added.device().certificate();
            out.println("Linked the device \"" + certificate.body().deviceName() + "\" to \""
                    + identity.username() + "\".");
            out.println("device_id: " + certificate.body().deviceId());
            out.println("device_list_version: " + added.deviceListVersion());
            out.flush();
        }

        private static <T> T until(java.util.concurrent.CompletionStage<T> stage, Instant deadline, String what)
                throws Exception {
            try {
                return Waits.await(stage, Duration.between(Instant.now(), deadline));
            } catch (TimeoutException e) {
                throw new IllegalStateException(what + " in time; linking was cancelled.");
            }
        }
    }

    /** {@code mzchat devices list}: the account's devices as its identity key vouches for them. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the account's devices, checked against the account's identity key.",
                    "Needs no passphrase. Last seen times need this device to log in: they are shown when $"
                            + PassphraseReader.VARIABLE + " is set, or with --login (which asks for the passphrase)."})
    static final class ListDevices implements Callable<Integer> {
        static final String LAST_SEEN_NOTE = "Last seen needs this device to log in: set " + PassphraseReader.VARIABLE
                + " or run with --login.";

        @ParentCommand
        DevicesCommand devices;

        @Spec
        CommandSpec spec;

        @Option(names = "--login", description = "Log in (asking for the passphrase if $" + PassphraseReader.VARIABLE
                + " is not set) to show when each device was last seen.")
        boolean login;

        private final PassphraseReader passphrases;
        private final Map<String, String> env;

        ListDevices() {
            this(PassphraseReader.forThisProcess(), System.getenv());
        }

        ListDevices(PassphraseReader passphrases, Map<String, String> env) {
            this.passphrases = passphrases;
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            LocalIdentity local = new LocalIdentity(devices.parent.paths().data());
            if (!local.exists()) {
                throw new IllegalStateException("There is no account on this device yet. Create one with "
                        + "\"mzchat init\", or link this device with \"mzchat link\".");
            }
            AccountFacts facts = local.facts();
            // only when it can be done without asking, or was asked for: listing needs no passphrase
            boolean logIn = login || env.get(PassphraseReader.VARIABLE) != null;
            UnlockedIdentity identity = logIn ? unlock(local, passphrases) : null;
            VerifiedDevices verified;
            Map<String, DeviceActivityLookup.Seen> activity = null;
            String note = logIn ? null : LAST_SEEN_NOTE;
            try (CliConnection connection = CliConnection.open(facts.homeserver())) {
                verified = connection.await(new DeviceDirectory(connection.connection(), Clock.systemUTC())
                        .byUserId(facts.userId(), 0));
                if (identity != null) {
                    try {
                        connection.await(new DeviceLogin(connection.connection(), connection.hellos())
                                .login(identity));
                        activity = connection.await(new DeviceActivityLookup(connection.connection()).devices());
                    } catch (RpcException e) {
                        // a revoked device may still look at the list; only the times are out of reach
                        note = "Last seen is not shown: " + e.getMessage();
                    }
                }
            } finally {
                if (identity != null) {
                    identity.close();
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Devices of \"" + verified.username() + "\" (user_id " + verified.userId()
                    + "), device list version " + verified.deviceList().body().version() + ":");
            out.print(table(rows(verified, facts.deviceId(), activity)));
            if (note != null) {
                out.println(note);
            }
            out.flush();
            return 0;
        }

        /** @param activity when each device was last seen; null when unknown (then "-") */
        static List<List<String>> rows(VerifiedDevices verified, String thisDevice,
                                       Map<String, DeviceActivityLookup.Seen> activity) {
            Map<String, DeviceCertificate> valid = verified.devices().stream()
                    .collect(Collectors.toMap(c -> c.body().deviceId(), Function.identity()));
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("DEVICE_ID", "NAME", "PLATFORM", "LINKED AT", "LAST SEEN", "STATUS"));
            for (DeviceList.Entry entry : verified.deviceList().body().devices()) {
                DeviceCertificate certificate = valid.get(entry.deviceId());
                if (certificate == null) {
                    rows.add(List.of(entry.deviceId(), "?", "?", "-", lastSeen(activity, entry.deviceId()),
                            "certificate expired"));
                    continue;
                }
                DeviceCertificate.Body body = certificate.body();
                String status = entry.deviceId().equals(thisDevice) ? "active (this device)"
                        : certificate.deviceSignature() == null ? "linked, not logged in yet" : "active";
                rows.add(List.of(body.deviceId(), body.deviceName(), body.platform(), TIME.format(body.issuedAt()),
                        lastSeen(activity, body.deviceId()), status));
            }
            for (Revocation revocation : verified.revocations()) {
                Revocation.Body body = revocation.body();
                rows.add(List.of(body.deviceId(), "-", "-", "-", lastSeen(activity, body.deviceId()),
                        "revoked " + TIME.format(body.revokedAt())
                        + (body.reason().isEmpty() ? "" : " (" + body.reason() + ")")
                        + (body.deviceId().equals(thisDevice) ? " (this device)" : "")));
            }
            return rows;
        }

        private static String lastSeen(Map<String, DeviceActivityLookup.Seen> activity, String deviceId) {
            DeviceActivityLookup.Seen seen = activity == null ? null : activity.get(deviceId);
            if (seen == null) {
                return "-";
            }
            if (seen.online()) {
                return "online now";
            }
            return seen.lastSeenAt() == null ? "never" : TIME.format(seen.lastSeenAt());
        }

        static String table(List<List<String>> rows) {
            int[] widths = new int[rows.get(0).size()];
            for (List<String> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            StringBuilder text = new StringBuilder();
            for (List<String> row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    line.append(i == row.size() - 1 ? row.get(i) : String.format(Locale.ROOT, "%-" + widths[i] + "s  ",
                            row.get(i)));
                }
                text.append(line.toString().stripTrailing()).append(System.lineSeparator());
            }
            return text.toString();
        }
    }

    /** {@code mzchat devices revoke}: takes a device back. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke another device of the account: it is logged out at once and can never log in "
                    + "again. Only the account's authorized device can do this.",
                    "The passphrase comes from $" + PassphraseReader.VARIABLE + ", else it is asked for."})
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        DevicesCommand devices;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DEVICE_ID", description = "The device, as \"mzchat devices list\" "
                + "shows it.")
        String deviceId;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, e.g. \"lost\" (signed into the "
                + "revocation).")
        String reason;

        private final PassphraseReader passphrases;

        Revoke() {
            this(PassphraseReader.forThisProcess());
        }

        Revoke(PassphraseReader passphrases) {
            this.passphrases = passphrases;
        }

        @Override
        public Integer call() throws Exception {
            LocalIdentity local = new LocalIdentity(devices.parent.paths().data());
            if (local.exists() && local.facts().deviceId().equals(deviceId)) {
                throw new IllegalArgumentException("A device cannot revoke itself, and this one holds the account's "
                        + "identity key: revoke other devices from here.");
            }
            UnlockedIdentity identity = unlock(local, passphrases);
            requireRootKey(identity, "revoke devices");
            Clock clock = Clock.systemUTC();
            try (identity; CliConnection connection = CliConnection.open(identity.facts().homeserver())) {
                connection.await(new DeviceLogin(connection.connection(), connection.hellos()).login(identity));
                VerifiedDevices current = connection.await(new DeviceDirectory(connection.connection(), clock)
                        .byUserId(identity.userId(), 0));
                if (current.revocations().stream().anyMatch(r -> r.body().deviceId().equals(deviceId))) {
                    throw new IllegalStateException("The device " + deviceId + " was revoked already.");
                }
                if (current.deviceList().entry(deviceId).isEmpty()) {
                    throw new IllegalArgumentException("The account has no device " + deviceId
                            + ". See \"mzchat devices list\".");
                }
                Optional<String> name = current.devices().stream().filter(c -> c.body().deviceId().equals(deviceId))
                        .map(c -> c.body().deviceName()).findFirst();
                DeviceListResult result = connection.await(new DeviceManager(connection.connection(), clock)
                        .revoke(identity, deviceId, reason));
                PrintWriter out = spec.commandLine().getOut();
                out.println("Revoked the device " + name.map(n -> "\"" + n + "\" ").orElse("") + "(" + deviceId
                        + "). It can no longer log in.");
                out.println("device_list_version: " + result.deviceListVersion());
                out.flush();
            }
            return 0;
        }
    }
}
