package chat.mz.client.pairing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.protocol.pairing.AbortReason;
import chat.mz.protocol.pairing.AccountProfile;
import chat.mz.protocol.pairing.PairingCodec;
import chat.mz.protocol.pairing.PairingMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON of the messages inside the encrypted payloads. */
class PairingCodecTest {
    private final PairingCodec codec = new PairingCodec();

    @Test
    void aRequestReadsBackFieldForField() {
        PairingMessage.Request request = new PairingMessage.Request("dev-1", "  Ada's phone ", "android",
                bytes(32, 1), bytes(422, 2), "RSA-OAEP-SHA256-3072", bytes(32, 3), bytes(64, 4));

        byte[] json = codec.encode(request);
        PairingMessage.Request read = assertInstanceOf(PairingMessage.Request.class, codec.decode(json));

        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"type\":\"request\",\"device_id\":\"dev-1\",\"device_name\":\"Ada's phone\""),
                text);
        assertEquals("Ada's phone", read.deviceName(), "names are stored stripped");
        assertArrayEquals(request.encryptionKey(), read.encryptionKey());
        assertArrayEquals(request.proof(), read.proof());
        assertArrayEquals(json, codec.encode(read), "one message, one encoding");
    }

    @Test
    void everyOtherMessageReadsBack() {
        AccountProfile profile = new AccountProfile("user-1", "ada", bytes(32, 5));
        PairingMessage.Approved approved = assertInstanceOf(PairingMessage.Approved.class,
                codec.decode(codec.encode(new PairingMessage.Approved(bytes(900, 6), profile))));
        assertEquals(profile, approved.profile());
        assertInstanceOf(PairingMessage.Denied.class, codec.decode(codec.encode(new PairingMessage.Denied())));
        assertEquals(new PairingMessage.Abort(AbortReason.ANOTHER_DEVICE),
                codec.decode(codec.encode(new PairingMessage.Abort(AbortReason.ANOTHER_DEVICE))));
        assertEquals("{\"type\":\"abort\",\"reason\":\"another_device\"}",
                new String(codec.encode(new PairingMessage.Abort(AbortReason.ANOTHER_DEVICE)), StandardCharsets.UTF_8));
        assertArrayEquals(bytes(32, 7), assertInstanceOf(PairingMessage.Challenge.class,
                codec.decode(codec.encode(new PairingMessage.Challenge(bytes(32, 7))))).initiatorNonce());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"challenge\"}",
            "{\"type\":\"challenge\",\"initiator_nonce\":null}",
            "{\"type\":\"challenge\",\"initiator_nonce\":\"AAAA\"}",
            "{\"type\":\"challenge\",\"initiator_nonce\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"extra\":1}",
            "{\"type\":\"denied\",\"type\":\"denied\"}",
            "{\"type\":\"surprise\"}",
            "{\"reason\":\"tampered\"}",
            "{\"type\":\"abort\",\"reason\":\"bored\"}",
            "{\"type\":\"abort\",\"reason\":0}",
            "{\"type\":\"denied\"} {}",
            "[]",
            "",
    })
    void anythingButOneWellFormedMessageIsRefused(String json) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().startsWith("The link message is malformed"), refused.getMessage());
    }

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
