package chat.mz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where passphrases and homeserver addresses come from on the command line. */
class PassphraseReaderTest {

    @Test
    void takesThePassphraseFromTheVariable() {
        PassphraseReader reader = new PassphraseReader(Map.of("MZCHAT_PASSPHRASE", "long enough"), null);
        assertArrayEquals("long enough".toCharArray(), reader.read());
        assertArrayEquals("long enough".toCharArray(), reader.readNew());
    }

    @Test
    void withoutVariableOrTerminalItSaysHowToGiveOne() {
        PassphraseReader reader = new PassphraseReader(Map.of(), null);
        assertEquals("No passphrase given: set MZCHAT_PASSPHRASE or run mzchat in a terminal to type it.",
                assertThrows(IllegalStateException.class, reader::read).getMessage());
        assertThrows(IllegalStateException.class, reader::readNew);
    }

    @Test
    void aNewPassphraseMustBeLongEnough() {
        PassphraseReader reader = new PassphraseReader(Map.of("MZCHAT_PASSPHRASE", "short"), null);
        assertEquals("A passphrase needs at least 8 characters.",
                assertThrows(IllegalArgumentException.class, reader::readNew).getMessage());
        assertArrayEquals("short".toCharArray(), reader.read(), "unlocking takes what it is given");
    }

    @Test
    void homeserverAddressesAsPeopleWriteThem() {
        assertEquals(URI.create("ws://127.0.0.1:8750"), CliConnection.parseAddress("ws://127.0.0.1:8750"));
        assertEquals(URI.create("ws://127.0.0.1:8750"), CliConnection.parseAddress(" 127.0.0.1:8750 "));
        assertEquals(URI.create("wss://chat.example.org"), CliConnection.parseAddress("https://chat.example.org/qr/x"));
        assertEquals(URI.create("ws://[::1]:9000"), CliConnection.parseAddress("http://[::1]:9000"));
        assertThrows(IllegalArgumentException.class, () -> CliConnection.parseAddress("ftp://example.org"));
        assertThrows(IllegalArgumentException.class, () -> CliConnection.parseAddress("ws://"));
    }
}
