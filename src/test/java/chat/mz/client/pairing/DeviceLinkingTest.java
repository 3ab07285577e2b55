package chat.mz.client.pairing;

import static chat.mz.testing.ByteScan.contains;
import static chat.mz.client.pairing.LinkHarness.await;
import static chat.mz.client.pairing.LinkHarness.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.identity.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The authorized device's flow and the new device's flow against each other, over a real homeserver
 * on loopback with real crypto and the real mailbox: the happy path, and the person's "no".
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeviceLinkingTest {
    private LinkHarness harness;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void bothDevicesShowOneCodeAndTheApprovedDeviceEndsWithAVerifiedCertificate() throws Exception {
        harness = LinkHarness.relayed();
        TestIssuer issuer = TestIssuer.honest(harness.random, harness.clock);
        DeviceLinking desktop = harness.desktop(issuer);
        LinkInvitation invitation = await(desktop.start());

        String url = invitation.url();
        LinkInvitation scanned = LinkInvitation.parse(url);
        LinkRequester phone = harness.device(scanned);
        String phoneCode = await(phone.start(scanned, "Ada's phone", "android"));
        LinkApproval approval = await(desktop.approval());

        assertTrue(phoneCode.matches("\\d{3} \\d{3}"), "a six-digit code in two groups, not " + phoneCode);
        assertEquals(phoneCode, approval.checkCode(), "both devices must show the same code");
        assertEquals("Ada's phone", approval.deviceName());
        assertEquals("android", approval.platform());
        assertEquals(0, issuer.calls(), "nothing may be signed before the person approves");

        LinkedDevice linked = await(approval.approve());
        LinkResult result = await(phone.result());

        result.certificate().verify(issuer.root.publicKey(), issuer.profile().userId(), harness.clock.instant());
        assertEquals(issuer.profile(), result.profile());
        assertEquals(result.deviceId(), result.certificate().body().deviceId());
        assertArrayEquals(result.keys().signing().publicKey(), result.certificate().body().signingKey());
        assertArrayEquals(result.keys().encryption().publicKeySpki(), result.certificate().body().encryptionKey());
        assertEquals(Fingerprint.ofKey(result.keys().signing().publicKey()), approval.fingerprint());
        assertArrayEquals(result.certificate().encode(), linked.certificate().encode(),
                "the authorized device gets back the certificate as the device accepted it");
        assertEquals(result.deviceId(), linked.device().deviceId());
        assertEquals(1, issuer.calls());

        assertTheServerSawOnlyCiphertext(invitation, result);
    }

    @Test
    void aDeniedDeviceIsToldAndNothingIsSigned() throws Exception {
        harness = LinkHarness.direct();
        TestIssuer issuer = TestIssuer.honest(harness.random, harness.clock);
        DeviceLinking desktop = harness.desktop(issuer);
        LinkInvitation invitation = await(desktop.start());
        LinkRequester phone = harness.device(invitation);
        phone.start(invitation, "Ada's phone", "android");

        await(desktop.approval()).deny();

        LinkException atPhone = failure(phone.result());
        assertEquals(LinkException.Reason.DENIED, atPhone.reason());
        assertEquals("Linking was denied on the other device.", atPhone.getMessage());
        assertEquals(LinkException.Reason.DENIED, failure(desktop.result()).reason());
        assertEquals(0, issuer.calls());
    }

    @Test
    void aDeviceThatCancelsAfterSeeingTheCodeTellsTheAuthorizedDevice() throws Exception {
        harness = LinkHarness.direct();
        TestIssuer issuer = TestIssuer.honest(harness.random, harness.clock);
        DeviceLinking desktop = harness.desktop(issuer);
        LinkInvitation invitation = await(desktop.start());
        LinkRequester phone = harness.device(invitation);
        await(phone.start(invitation, "Ada's phone", "android"));
        await(desktop.approval());

        phone.cancel();

        assertEquals("Linking was cancelled.", failure(phone.result()).getMessage());
        LinkException atDesktop = failure(desktop.result());
        assertEquals(LinkException.Reason.CANCELLED, atDesktop.reason());
        assertEquals("Linking was cancelled on the other device.", atDesktop.getMessage());
        assertEquals(0, issuer.calls());
    }

    @Test
    void aLinkToASessionThatWasNeverCreatedSaysSo() throws Exception {
        harness = LinkHarness.direct();
        LinkInvitation neverShown = LinkInvitation.create(harness.server.uri(), harness.random);
        LinkRequester phone = harness.device(neverShown);
        phone.start(neverShown, "Ada's phone", "android");

        LinkException failure = failure(phone.result());
        assertEquals(LinkException.Reason.NOT_FOUND, failure.reason());
        assertEquals("This link does not exist. Start linking again on the other device.", failure.getMessage());
    }

    @Test
    void aLostConnectionEndsTheLinkInPlainWords() throws Exception {
        harness = LinkHarness.direct();
        DeviceLinking desktop = harness.desktop(TestIssuer.honest(harness.random, harness.clock));
        LinkInvitation invitation = await(desktop.start());
        HomeserverConnection phoneConnection = harness.connect(invitation.websocketUri());
        LinkRequester phone = new LinkRequester(phoneConnection, LinkHarness::keys, harness.clock, harness.random,
                harness.executor);
        await(phone.start(invitation, "Ada's phone", "android"));

        phoneConnection.close();

        LinkException failure = failure(phone.result());
        assertEquals(LinkException.Reason.CONNECTION, failure.reason());
        assertEquals("The connection has been closed.", failure.getMessage());
    }

    /**
     * Everything the homeserver relayed is ciphertext: no payload holds the secret, the device's
     * name or platform, its public keys, the certificate or the account's key; no frame holds them
     * in base64 either; and the secret never reached the server in a request path.
     */
    private void assertTheServerSawOnlyCiphertext(LinkInvitation invitation, LinkResult result) {
        List<byte[]> payloads = harness.relay.payloads();
        // request, challenge, reveal, approval, acceptance: each posted and each delivered
        assertEquals(10, payloads.size(), "every payload crosses the relay twice");
        byte[] spki = result.keys().encryption().publicKeySpki();
        List<byte[]> secrets = List.of(invitation.secret(), utf8("Ada's phone"), utf8("android"),
                result.keys().signing().publicKey(), Arrays.copyOfRange(spki, spki.length - 64, spki.length),
                result.profile().rootPublicKey(), result.certificate().body().encode(), utf8(result.deviceId()));
        for (byte[] payload : payloads) {
            assertEquals(PairingChannel.VERSION, payload[0], "every payload is a sealed pairing payload");
            for (byte[] secret : secrets) {
                assertFalse(contains(payload, secret), "a payload holds plaintext the server must not see");
            }
        }
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        List<String> texts = List.of(url.encodeToString(invitation.secret()),
                Base64.getEncoder().encodeToString(invitation.secret()).substring(0, 40), "Ada's phone", "android",
                Base64.getEncoder().encodeToString(result.keys().signing().publicKey()).substring(0, 40),
                result.deviceId());
        for (String frame : harness.relay.frames()) {
            for (String text : texts) {
                assertFalse(frame.contains(text), "a frame holds plaintext the server must not see: " + frame);
            }
        }
        for (String path : harness.relay.requestPaths()) {
            assertEquals("/", path, "clients connect to the homeserver's address, without the link's path or secret");
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static void assertTampered(LinkException failure) {
        assertInstanceOf(LinkTamperedException.class, failure);
        assertEquals("This link was tampered with.", failure.getMessage());
    }
}
