package chat.mz.client.e2ee;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact binary codec under every format of this package: big-endian 64-bit numbers, fixed-size
 * byte fields, and ids as one length byte followed by their ASCII characters. Labels go in front of
 * signed and bound data as their bare ASCII bytes: each format has one label of fixed content, so
 * no length is needed to keep encodings apart.
 */
final class Wire {
    private Wire() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Builds one encoding into a growing array. */
    static final class Writer {
        private byte[] buffer;
        private int length;

        Writer(int expectedBytes) {
            buffer = new byte[Math.max(16, expectedBytes)];
        }

        Writer u8(int value) {
            ensure(1);
            buffer[length++] = (byte) value;
            return this;
        }

        Writer int64(long value) {
            ensure(Long.BYTES);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
            return this;
        }

        /** An id, checked by the caller against {@link IdRules}: its length (one byte), then its ASCII. */
        Writer id(String id) {
            u8(id.length());
            ensure(id.length());
            for (int i = 0; i < id.length(); i++) {
                buffer[length++] = (byte) id.charAt(i);
            }
            return this;
        }

        Writer raw(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
            return this;
        }

        byte[] toByteArray() {
            return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }

    /**
     * Takes one encoding apart. Every failure is an {@link E2eeException} with reason
     * {@link E2eeException.Reason#MALFORMED} and a sentence naming {@code what} is being read.
     */
    static final class Reader {
        private final byte[] in;
        private final String what;
        private int position;

        Reader(byte[] in, String what) {
            this.in = in;
            this.what = what;
        }

        int position() {
            return position;
        }

        int remaining() {
            return in.length - position;
        }

        int u8(String field) throws E2eeException {
            need(1, field);
            return in[position++] & 0xFF;
        }

        long int64(String field) throws E2eeException {
            need(Long.BYTES, field);
            long value = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                value = (value << 8) | (in[position++] & 0xFF);
            }
            return value;
        }

        String id(String field) throws E2eeException {
            int idLength = u8(field);
            need(idLength, field);
            String id = new String(in, position, idLength, StandardCharsets.US_ASCII);
            if (!IdRules.isId(id)) {
                throw malformed("the " + field + " is not 1 to " + IdRules.MAX_ID_LENGTH + " URL-safe characters");
            }
            position += idLength;
            return id;
        }

        byte[] raw(int count, String field) throws E2eeException {
            need(count, field);
            byte[] value = Arrays.copyOfRange(in, position, position + count);
            position += count;
            return value;
        }

        /** Refuses trailing bytes: an encoding is exactly its fields. */
        void end() throws E2eeException {
            if (position != in.length) {
                throw malformed((in.length - position) + " bytes follow the last field");
            }
        }

        E2eeException malformed(String detail) {
            return new E2eeException(E2eeException.Reason.MALFORMED, "The " + what + " is malformed: " + detail + ".");
        }

        private void need(int count, String field) throws E2eeException {
            if (count > in.length - position) {
                throw malformed("it ends inside the " + field);
            }
        }
    }
}
