package chat.mz.client.pairing;

import static chat.mz.client.pairing.DeviceLinkingTest.assertTampered;
import static chat.mz.client.pairing.LinkHarness.await;
import static chat.mz.client.pairing.LinkHarness.failure;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A man in the middle (or a homeserver) that alters, replays or forges payloads, and a device
 * with the wrong secret: both devices must end with "This link was tampered with."
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LinkTamperingTest {
    private LinkHarness harness;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (harness != null) {
            harness.close();
        }
    }

    /** Side 1 is the authorized device, 2 the new one; byte -1 is the tag's last byte. */
    @ParameterizedTest(name = "flip byte {2} of payload {1} from side {0}")
    @CsvSource({
            "2, 0, -1",   // the request's tag
            "2, 0, 5",    // the request's responder id
            "1, 0, -1",   // the challenge
            "2, 1, 21",   // the reveal's sequence number
            "1, 1, -1",   // the approval with the certificate
    })
    void aFlippedByteEndsTheLinkOnBothSides(byte from, int sequence, int index) throws Exception {
        harness = LinkHarness.relayed();
        harness.relay.rewritePosts(payload -> {
            if (payload[1] != from || sequenceOf(payload) != sequence) {
                return payload;
            }
            byte[] altered = payload.clone();
            altered[index < 0 ? altered.length + index : index] ^= 0x01;
            return altered;
        });

        expectTamperedOnBothSides(harness.desktop(TestIssuer.honest(harness.random, harness.clock)));
    }

    @ParameterizedTest(name = "payload {1} from side {0} replaced by the earlier payload {2}")
    @CsvSource({
            "2, 1, 0",    // the request again instead of the reveal
            "1, 1, 0",    // the challenge again instead of the approval
    })
    void aReplayedPayloadEndsTheLinkOnBothSides(byte from, int sequence, int earlier) throws Exception {
        harness = LinkHarness.relayed();
        Map<Integer, byte[]> seen = new ConcurrentHashMap<>();
        harness.relay.rewritePosts(replaying(from, sequence, earlier, seen));

        expectTamperedOnBothSides(harness.desktop(TestIssuer.honest(harness.random, harness.clock)));
    }

    @Test
    void aDeviceWithAnAlteredSecretIsRefusedAndToldSo() throws Exception {
        harness = LinkHarness.direct();
        DeviceLinking desktop = harness.desktop(TestIssuer.honest(harness.random, harness.clock));
        LinkInvitation invitation = await(desktop.start());
        byte[] wrong = invitation.secret();
        wrong[0] ^= 0x01;
        String url = invitation.url();
        String altered = url.substring(0, url.indexOf('#') + 1) + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(wrong);
        LinkInvitation scanned = LinkInvitation.parse(altered);
        LinkRequester phone = harness.device(scanned);
        phone.start(scanned, "Ada's phone", "android");

        assertTampered(failure(desktop.result()));
        assertTampered(failure(phone.result()));
        assertTampered(failure(phone.checkCode()));
    }

    /** Runs both flows, approving if asked, and expects both to fail as tampered with. */
    private void expectTamperedOnBothSides(DeviceLinking desktop) throws Exception {
        LinkInvitation invitation = await(desktop.start());
        LinkRequester phone = harness.device(invitation);
        phone.start(invitation, "Ada's phone", "android");
        desktop.approval().thenAccept(LinkApproval::approve);

        assertTampered(failure(desktop.result()));
        assertTampered(failure(phone.result()));
    }

    private static UnaryOperator<byte[]> replaying(byte from, int sequence, int earlier, Map<Integer, byte[]> seen) {
        return payload -> {
            if (payload[1] != from) {
                return payload;
            }
            int number = sequenceOf(payload);
            seen.putIfAbsent(number, payload.clone());
            return number == sequence ? Arrays.copyOf(seen.get(earlier), seen.get(earlier).length) : payload;
        };
    }

    private static int sequenceOf(byte[] payload) {
        return ByteBuffer.wrap(payload, 2 + PairingChannel.RESPONDER_ID_BYTES, 4).getInt();
    }
}
