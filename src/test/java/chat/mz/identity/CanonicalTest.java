package chat.mz.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CanonicalTest {
    @Test
    void fieldsComeBackInOrder() throws Exception {
        byte[] encoded = Canonical.writer("test/v1").text("Ada’s phone").bytes(new byte[] {0, 1, 2}).int64(-7)
                .toByteArray();
        Canonical.Reader in = Canonical.reader(encoded, "test/v1");
        assertEquals("Ada’s phone", in.text());
        assertArrayEquals(new byte[] {0, 1, 2}, in.bytes());
        assertEquals(-7, in.int64());
        assertTrue(in.atEnd());
        in.end();
    }

    @Test
    void differentFieldSplitsNeverEncodeAlike() {
        assertFalse(Arrays.equals(Canonical.writer("x").text("ab").text("c").toByteArray(),
                Canonical.writer("x").text("a").text("bc").toByteArray()));
        assertFalse(Arrays.equals(Canonical.writer("x").text("a").toByteArray(),
                Canonical.writer("x").bytes(new byte[] {'a'}).toByteArray()), "the type is part of the encoding");
    }

    @Test
    void aStatementOfAnotherKindIsRefused() {
        byte[] revocation = Canonical.writer("mzchat/revocation/v1").text("u").toByteArray();
        IdentityException e = assertThrows(IdentityException.class,
                () -> Canonical.reader(revocation, "mzchat/device-certificate/v1"));
        assertEquals(IdentityException.Reason.MALFORMED, e.reason());
    }

    @Test
    void truncatedTrailingOrMistypedDataIsRefused() throws Exception {
        byte[] encoded = Canonical.writer("x").text("hello").int64(5).toByteArray();
        for (int cut = 0; cut < encoded.length; cut++) {
            byte[] truncated = Arrays.copyOf(encoded, cut);
            assertThrows(IdentityException.class, () -> {
                Canonical.Reader in = Canonical.reader(truncated, "x");
                in.text();
                in.int64();
                in.end();
            }, "cut at " + cut);
        }
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
        Canonical.Reader in = Canonical.reader(trailing, "x");
        in.text();
        in.int64();
        assertThrows(IdentityException.class, in::end);

        assertThrows(IdentityException.class, () -> Canonical.reader(encoded, "x").int64(), "text read as number");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] encoded = Canonical.writer("x").bytes(new byte[] {(byte) 0xC3, 0x28}).toByteArray();
        encoded[1 + 4 + 1] = 'T'; // retype the bytes field as text
        assertThrows(IdentityException.class, () -> Canonical.reader(encoded, "x").text());
    }
}
