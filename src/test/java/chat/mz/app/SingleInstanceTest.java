package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One running copy per data folder: claims, hand-overs, leftovers of a crash and strangers on the socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SingleInstanceTest {
    @TempDir
    Path data;

    private final AtomicInteger activations = new AtomicInteger();

    @Test
    void aSecondStartHandsOverAndTheFirstIsAskedToComeForward() throws Exception {
        SingleInstance.Claim first = SingleInstance.claim(data, activations::incrementAndGet);
        try {
            assertInstanceOf(SingleInstance.Held.class, first);
            assertTrue(Files.exists(data.resolve(SingleInstance.SOCKET_NAME)));

            SingleInstance.Claim second = SingleInstance.claim(data, () -> {
                throw new AssertionError("the second copy is never asked anything");
            });
            assertInstanceOf(SingleInstance.HandedOver.class, second);
            // the acknowledgement comes after the request was taken, so the count is already there
            assertEquals(1, activations.get());
        } finally {
            ((SingleInstance.Held) first).close();
        }
    }

    @Test
    void aSocketLeftBehindByACrashIsReplaced() throws Exception {
        Path socket = data.resolve(SingleInstance.SOCKET_NAME);
        // a copy that died: its socket file stays, nobody listens on it
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close();
        assertTrue(Files.exists(socket), "closing a socket does not remove its file, just as a crash does not");

        SingleInstance.Claim claim = SingleInstance.claim(data, activations::incrementAndGet);
        try {
            assertInstanceOf(SingleInstance.Held.class, claim);
            assertInstanceOf(SingleInstance.HandedOver.class, SingleInstance.claim(data, () -> { }),
                    "the replaced socket is live");
            assertEquals(1, activations.get());
        } finally {
            ((SingleInstance.Held) claim).close();
        }
    }

    @Test
    void closingRemovesTheSocketAndTheNextStartHoldsIt() throws Exception {
        SingleInstance.Held first = (SingleInstance.Held) SingleInstance.claim(data, activations::incrementAndGet);
        first.close();
        assertFalse(Files.exists(data.resolve(SingleInstance.SOCKET_NAME)));

        SingleInstance.Claim next = SingleInstance.claim(data, () -> { });
        assertInstanceOf(SingleInstance.Held.class, next);
        ((SingleInstance.Held) next).close();
        assertEquals(0, activations.get());
    }

    @Test
    void anythingButTheOneRequestIsClosedUnansweredAndTheListenerCarriesOn() throws Exception {
        SingleInstance.Held held = (SingleInstance.Held) SingleInstance.claim(data, activations::incrementAndGet);
        try {
            // a stranger sending something else
            assertEquals("", exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            // the request with more after it
            byte[] longer = (new String(SingleInstance.REQUEST, StandardCharsets.US_ASCII) + "and more")
                    .getBytes(StandardCharsets.US_ASCII);
            assertEquals("", exchange(longer));
            // a flood is cut off after a few bytes rather than read to its end
            assertEquals("", exchange(new byte[1 << 20]));
            assertEquals(0, activations.get());

            // one that connects and says nothing holds the listener up only for its short read limit
            try (SocketChannel silent = connect()) {
                long started = System.nanoTime();
                assertInstanceOf(SingleInstance.HandedOver.class, SingleInstance.claim(data, () -> { }));
                assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
            }
            assertEquals(1, activations.get());
            assertEquals("ok\n", exchange(SingleInstance.REQUEST));
            assertEquals(2, activations.get());
        } finally {
            held.close();
        }
    }

    @Test
    void aCopyThatHoldsTheSocketButNeverAnswersIsReportedNotTakenOver() throws Exception {
        Path socket = data.resolve(SingleInstance.SOCKET_NAME);
        // alive enough for the system to accept connections, too busy to read them
        try (ServerSocketChannel hung = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            hung.bind(UnixDomainSocketAddress.of(socket));

            SingleInstance.NotAnswering refused = org.junit.jupiter.api.Assertions.assertThrows(
                    SingleInstance.NotAnswering.class, () -> SingleInstance.claim(data, activations::incrementAndGet));
            assertTrue(refused.getMessage().startsWith("Another copy of mzchat is running but does not answer."),
                    refused.getMessage());
            assertTrue(Files.exists(socket), "its socket is left alone");
            assertEquals(0, activations.get());
        }
    }

    @Test
    void copiesStartedAtTheSameMomentDoNotBothWin() throws Exception {
        List<Process> copies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            copies.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), InstanceProbe.class.getName(),
                    data.toString(), "4000").redirectErrorStream(true).start());
        }
        List<String> said = new ArrayList<>();
        for (Process copy : copies) {
            assertTrue(copy.waitFor(40, TimeUnit.SECONDS), "a copy hung");
            String out = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, copy.exitValue(), out);
            said.add(out.lines().filter(line -> line.equals("held") || line.equals("handed over"))
                    .findFirst().orElse(out));
        }
        assertEquals(1, said.stream().filter("held"::equals).count(), said.toString());
        assertEquals(2, said.stream().filter("handed over"::equals).count(), said.toString());
    }

    /** Sends {@code request} as one client and returns what came back before the listener hung up. */
    private String exchange(byte[] request) throws IOException {
        try (SocketChannel channel = connect()) {
            ByteBuffer out = ByteBuffer.wrap(request);
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.shutdownOutput();
            } catch (IOException hungUp) {
                // the listener stopped reading a flood and closed: that is the point
            }
            try {
                return new String(SingleInstance.readBounded(channel, 16, Duration.ofSeconds(5)),
                        StandardCharsets.US_ASCII);
            } catch (IOException reset) {
                // closed with the flood unread, the connection is reset rather than ended: no answer either
                return "";
            }
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(data.resolve(SingleInstance.SOCKET_NAME)));
        return channel;
    }
}
