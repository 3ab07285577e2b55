package chat.mz.client.identity;

import static chat.mz.testing.ByteScan.contains;
import static chat.mz.testing.LiveConnections.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import chat.mz.identity.IdentitySecrets;
import chat.mz.identity.Keystore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * After an account is created and logged in, no private key and not the passphrase can be found
 * in the homeserver's database files or in anything logged (at every level), nor anywhere in the
 * device's data folder in the clear: there they exist only sealed in the keystore.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SecretsAtRestTest {
    private static final String PASSPHRASE = "Quixotic-Passphrase-4711";

    @TempDir
    Path serverData;
    @TempDir
    Path clientData;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;

    @BeforeEach
    void captureEveryLogLine() {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void restoreLogging() {
        root.detachAppender(logged);
        root.setLevel(rootLevel);
    }

    @Test
    void noSecretIsStoredOrLoggedInTheClear() throws Exception {
        LocalIdentity local = new LocalIdentity(clientData);
        try (ClientWorld world = new ClientWorld(serverData)) {
            ClientWorld.Device desktop = world.connect();
            try (UnlockedIdentity identity = await(world.creator(clientData).create(desktop.connection(),
                    AccountCreator.Request.of("ada", null), PASSPHRASE.toCharArray()))) {
                await(desktop.login().login(identity));
            }
            try (UnlockedIdentity again = local.unlock(PASSPHRASE.toCharArray())) {
                await(world.connect().login().login(again));
                await(new DeviceDirectory(desktop.connection(), java.time.Clock.systemUTC()).byUsername("ada"));
            }
        } // the homeserver is closed: its database is written out

        byte[] sealed = new Keystore(local.keystoreFile()).open(PASSPHRASE.toCharArray());
        IdentitySecrets secrets = IdentitySecrets.decode(sealed);
        Map<String, byte[]> needles = needles(secrets);
        for (Map.Entry<String, byte[]> needle : needles.entrySet()) {
            if (!needle.getKey().startsWith("passphrase") && !needle.getKey().contains("(")) {
                // the raw forms are in the opened keystore: the search would find them if they leaked
                assertTrue(contains(sealed, needle.getValue()), "control: " + needle.getKey());
            }
        }

        List<Path> serverFiles = files(serverData);
        assertTrue(serverFiles.stream().anyMatch(p -> p.toString().endsWith(".mv.db")), "scanned: " + serverFiles);
        assertNoNeedles("the homeserver's files", serverFiles, needles);
        assertNoNeedles("the device's data folder", files(clientData), needles);

        String log = logged.list.stream().map(SecretsAtRestTest::text).collect(Collectors.joining("\n"));
        assertTrue(log.contains("registered as"), "the log was captured: " + logged.list.size() + " lines");
        for (Map.Entry<String, byte[]> needle : needles.entrySet()) {
            assertFalse(contains(log.getBytes(StandardCharsets.UTF_8), needle.getValue()),
                    needle.getKey() + " was logged");
        }
    }

    /** Every secret in several encodings a careless line of code might use. */
    private static Map<String, byte[]> needles(IdentitySecrets secrets) throws Exception {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        raw.put("root private key", secrets.rootPrivateKey());
        raw.put("device signing key", secrets.signingPrivateKey());
        raw.put("rsa pkcs8", secrets.encryptionPrivateKey());
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(secrets.encryptionPrivateKey()));
        raw.put("rsa private exponent", unsigned(rsa.getPrivateExponent()));
        raw.put("rsa prime p", unsigned(rsa.getPrimeP()));
        Map<String, byte[]> needles = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> secret : raw.entrySet()) {
            byte[] value = secret.getValue();
            needles.put(secret.getKey(), value);
            needles.put(secret.getKey() + " (base64)", ascii(Base64.getEncoder().encodeToString(value)));
            needles.put(secret.getKey() + " (base64url)",
                    ascii(Base64.getUrlEncoder().withoutPadding().encodeToString(value)));
            needles.put(secret.getKey() + " (hex)", ascii(HexFormat.of().formatHex(value)));
        }
        needles.put("passphrase", PASSPHRASE.getBytes(StandardCharsets.UTF_8));
        needles.put("passphrase (UTF-16)", PASSPHRASE.getBytes(StandardCharsets.UTF_16LE));
        return needles;
    }

    private static void assertNoNeedles(String where, List<Path> files, Map<String, byte[]> needles) throws Exception {
        for (Path file : files) {
            byte[] contents = Files.readAllBytes(file);
            for (Map.Entry<String, byte[]> needle : needles.entrySet()) {
                assertFalse(contains(contents, needle.getValue()), needle.getKey() + " found in " + where + ": " + file);
            }
        }
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).collect(Collectors.toCollection(ArrayList::new));
            assertFalse(files.isEmpty(), "nothing to scan in " + folder);
            return files;
        }
    }

    private static String text(ILoggingEvent event) {
        String arguments = event.getArgumentArray() == null ? ""
                : Arrays.stream(event.getArgumentArray()).map(String::valueOf).collect(Collectors.joining(" "));
        String thrown = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
        return event.getLoggerName() + " " + event.getFormattedMessage() + " " + arguments + " " + thrown;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theSearchItselfWorks() {
        assertTrue(contains("xx-secret-yy".getBytes(StandardCharsets.UTF_8), ascii("secret")));
        assertFalse(contains("xx-secreT-yy".getBytes(StandardCharsets.UTF_8), ascii("secret")));
        assertEquals(false, contains(new byte[2], new byte[3]));
    }
}
