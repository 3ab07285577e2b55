package chat.mz.identity;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The unambiguous byte encoding that signatures cover. It starts with a domain-separation label, so
 * a signature made for one kind of statement can never be passed off as another; then every field
 * is a one-byte type, a four-byte big-endian length and the bytes themselves, so no two different
 * statements encode alike. Readers refuse anything left over, any wrong type and any bad UTF-8.
 */
public final class Canonical {
    private static final byte LABEL = 'L';
    private static final byte TEXT = 'T';
    private static final byte BYTES = 'B';
    private static final byte INT64 = 'I';

    private Canonical() {
    }

    public static Writer writer(String label) {
        return new Writer(label);
    }

    /** Reads an encoding that must start with {@code label}. */
    public static Reader reader(byte[] encoded, String label) throws IdentityException {
        Reader reader = new Reader(encoded);
        String found = reader.field(LABEL, "label");
        if (!found.equals(label)) {
            throw malformed("expected a " + label + " but found a " + printable(found));
        }
        return reader;
    }

    /** Builds one encoding. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private Writer(String label) {
            put(LABEL, label.getBytes(StandardCharsets.UTF_8));
        }

        public Writer text(String value) {
            return put(TEXT, value.getBytes(StandardCharsets.UTF_8));
        }

        public Writer bytes(byte[] value) {
            return put(BYTES, value);
        }

        public Writer int64(long value) {
            return put(INT64, ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }

        private Writer put(byte type, byte[] value) {
            out.write(type);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(value.length).array());
            out.writeBytes(value);
            return this;
        }
    }

    /** Takes one encoding apart, field by field, in the order it was written. */
    public static final class Reader {
        private final ByteBuffer in;

        private Reader(byte[] encoded) {
            this.in = ByteBuffer.wrap(encoded);
        }

        public String text() throws IdentityException {
            return field(TEXT, "text");
        }

        public byte[] bytes() throws IdentityException {
            return raw(BYTES, "bytes");
        }

        public long int64() throws IdentityException {
            byte[] value = raw(INT64, "number");
            if (value.length != Long.BYTES) {
                throw malformed("a number of " + value.length + " bytes");
            }
            return ByteBuffer.wrap(value).getLong();
        }

        public boolean atEnd() {
            return !in.hasRemaining();
        }

        /** Refuses trailing bytes: an encoding is exactly its fields. */
        public void end() throws IdentityException {
            if (in.hasRemaining()) {
                throw malformed(in.remaining() + " bytes after the last field");
            }
        }

        private String field(byte type, String what) throws IdentityException {
            byte[] value = raw(type, what);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(value)).toString();
            } catch (CharacterCodingException e) {
                throw malformed("text that is not UTF-8");
            }
        }

        private byte[] raw(byte type, String what) throws IdentityException {
            if (in.remaining() < 1 + Integer.BYTES) {
                throw malformed("it ends where a " + what + " field should be");
            }
            byte found = in.get();
            if (found != type) {
                throw malformed("a field of the wrong type where a " + what + " field should be");
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw malformed("a field longer than what is left");
            }
            byte[] value = new byte[length];
            in.get(value);
            return value;
        }
    }

    private static IdentityException malformed(String detail) {
        return new IdentityException(IdentityException.Reason.MALFORMED, "The data is malformed: " + detail + ".");
    }

    /** Keeps foreign text short and printable in messages. */
    static String printable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() <= 48 ? clean : clean.substring(0, 48) + "…";
    }
}
