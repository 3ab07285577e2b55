package chat.mz.client.pairing;

import static chat.mz.client.pairing.LinkHarness.await;
import static chat.mz.client.pairing.LinkHarness.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The links that must not succeed: a second device answering the same code, and a certificate the
 * new device must not trust.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LinkSafetyTest {
    private static final String ANOTHER_DEVICE = "Another device answered this code; linking was stopped for safety.";

    private LinkHarness harness;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aSecondDeviceAnsweringWhileThePersonDecidesStopsTheLinkForEveryone() throws Exception {
        harness = LinkHarness.direct();
        TestIssuer issuer = TestIssuer.honest(harness.random, harness.clock);
        DeviceLinking desktop = harness.desktop(issuer);
        LinkInvitation invitation = await(desktop.start());
        LinkRequester phone = harness.device(invitation);
        String phoneCode = await(phone.start(invitation, "Ada's phone", "android"));
        LinkApproval approval = await(desktop.approval());
        assertEquals(phoneCode, approval.checkCode());

        // someone who photographed the QR code answers too
        LinkRequester intruder = harness.device(invitation);
        intruder.start(invitation, "Ada's phone", "android");

        assertAnotherDevice(failure(desktop.result()));
        assertAnotherDevice(failure(phone.result()));
        assertAnotherDevice(failure(intruder.result()));
        approval.approve();
        assertAnotherDevice(failure(desktop.result()));
        assertEquals(0, issuer.calls(), "no certificate may be issued once a second device answered");
    }

    @Test
    void twoDevicesAnsweringAtOnceAreBothStopped() throws Exception {
        harness = LinkHarness.direct();
        TestIssuer issuer = TestIssuer.honest(harness.random, harness.clock);
        DeviceLinking desktop = harness.desktop(issuer);
        LinkInvitation invitation = await(desktop.start());
        LinkRequester first = harness.device(invitation);
        LinkRequester second = harness.device(invitation);

        first.start(invitation, "Ada's phone", "android");
        second.start(invitation, "Ada's tablet", "android");

        assertAnotherDevice(failure(desktop.result()));
        assertAnotherDevice(failure(first.result()));
        assertAnotherDevice(failure(second.result()));
        assertEquals(0, issuer.calls(), "no certificate may be issued once a second device answered");
    }

    @Test
    void aCertificateSignedByAnotherKeyThanTheAccountsIsRefusedAndTheAuthorizedDeviceIsTold() throws Exception {
        harness = LinkHarness.direct();
        LinkException atPhone = linkWith(TestIssuer.signingWithAnotherRoot(harness.random, harness.clock));

        assertEquals("The certificate from the other device does not check out: "
                + "This certificate was not signed by the account's identity key.", atPhone.getMessage());
    }

    @Test
    void aProfileWhoseAccountIdDoesNotComeFromItsKeyIsRefused() throws Exception {
        harness = LinkHarness.direct();
        LinkException atPhone = linkWith(TestIssuer.claimingAnotherAccount(harness.random, harness.clock));

        assertEquals("The certificate from the other device does not check out: "
                + "The account id does not belong to the account's identity key.", atPhone.getMessage());
    }

    /** Links with an issuer the device must not trust; returns the device's failure. */
    private LinkException linkWith(TestIssuer issuer) throws Exception {
        DeviceLinking desktop = harness.desktop(issuer);
        LinkInvitation invitation = await(desktop.start());
        LinkRequester phone = harness.device(invitation);
        phone.start(invitation, "Ada's phone", "android");
        await(desktop.approval()).approve();

        LinkException atPhone = failure(phone.result());
        assertEquals(LinkException.Reason.CERTIFICATE_REFUSED, atPhone.reason());
        LinkException atDesktop = failure(desktop.result());
        assertEquals(LinkException.Reason.CERTIFICATE_REFUSED, atDesktop.reason());
        assertEquals("The new device refused its certificate.", atDesktop.getMessage());
        assertEquals(1, issuer.calls());
        assertNotEquals(atPhone.getMessage(), atDesktop.getMessage());
        return atPhone;
    }

    private static void assertAnotherDevice(LinkException failure) {
        assertEquals(LinkException.Reason.ANOTHER_DEVICE, failure.reason(), failure.getMessage());
        assertTrue(failure.getMessage().equals(ANOTHER_DEVICE), failure.getMessage());
    }
}
