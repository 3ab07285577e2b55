package chat.mz.ui.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.pairing.LinkException;
import chat.mz.client.qr.QrCode;
import chat.mz.testing.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class LinkDeviceViewModelTest {
    private static final String URL = "http://127.0.0.1:8750/qr/login/AAAAAAAAAAAAAAAAAAAAAAAA#secret";
    private static final String OTHER_URL = "http://127.0.0.1:8750/qr/login/BBBBBBBBBBBBBBBBBBBBBBBB#other";

    private final FakeClock time = new FakeClock();
    private final FakeLinks links = new FakeLinks();
    private final LinkDeviceViewModel link = new LinkDeviceViewModel(links, Runnable::run, time);
    private final List<LinkDeviceState> seen = new ArrayList<>();

    {
        link.stateProperty().addListener((obs, old, state) -> seen.add(state));
    }

    @Test
    void startsALinkAndShowsItsCodeOnceTheHomeserverHoldsIt() throws IOException {
        assertEquals(new LinkDeviceState.Starting(), link.stateProperty().get());
        link.start();
        assertEquals(1, links.started.size());
        assertNull(link.qrCodeProperty().get(), "nothing to scan before the homeserver holds the link");

        showCode(URL, Duration.ofMinutes(5));

        assertEquals(new LinkDeviceState.ShowingCode(URL, time.instant().plus(Duration.ofMinutes(5))),
                link.stateProperty().get());
        assertEquals(URL, link.urlProperty().get());
        QrCode qr = link.qrCodeProperty().get();
        assertNotNull(qr);
        assertEquals(URL, decode(qr), "the code carries the link");
        assertEquals("Expires in 5:00", link.countdownProperty().get());
        assertTrue(link.countingDownProperty().get());
    }

    @Test
    void countsDownToTheCodesExpiryInMinutesAndSeconds() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));

        time.advance(Duration.ofSeconds(28));
        link.tick();
        assertEquals("Expires in 4:32", link.countdownProperty().get());

        // part of a second left still reads as a whole one, never 0:00 while the code works
        time.advance(Duration.ofMillis(271_500));
        link.tick();
        assertEquals("Expires in 0:01", link.countdownProperty().get());
    }

    @Test
    void aCodeThatRunsOutEndsTheLinkAndSaysSo() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));

        time.advance(Duration.ofMinutes(5));
        link.tick();

        assertEquals(new LinkDeviceState.Failed("This link has expired."), link.stateProperty().get());
        assertEquals(1, links.last().cancels);
        assertNull(link.qrCodeProperty().get(), "an expired code is not left on screen");
        assertFalse(link.countingDownProperty().get());
        assertEquals("", link.countdownProperty().get());
    }

    @Test
    void approvingADeviceLinksItAndNothingIsSignedBefore() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));
        FakeLinks.FakeLink current = links.last();

        current.request.complete(request());
        assertEquals(new LinkDeviceState.DeviceFound("Ada's phone", "android", "3F2A 9C1B", "482 913",
                time.instant().plusSeconds(240)), link.stateProperty().get());
        assertNull(link.qrCodeProperty().get(), "the code is gone once a device answered");
        assertEquals("Expires in 4:00", link.countdownProperty().get());
        assertEquals(0, current.approvals, "nothing is signed until the person approves");

        link.approve();
        assertEquals(new LinkDeviceState.Linking("Ada's phone"), link.stateProperty().get());
        assertEquals(1, current.approvals);
        assertFalse(link.countingDownProperty().get());

        current.linked.complete(new LinkStarter.NewDevice("phone-1", "Ada's phone"));
        assertEquals(new LinkDeviceState.Linked("Ada's phone"), link.stateProperty().get());
        assertEquals(List.of(new LinkDeviceState.ShowingCode(URL, time.instant().plusSeconds(300)),
                new LinkDeviceState.DeviceFound("Ada's phone", "android", "3F2A 9C1B", "482 913",
                        time.instant().plusSeconds(240)),
                new LinkDeviceState.Linking("Ada's phone"), new LinkDeviceState.Linked("Ada's phone")), seen);

        link.close();
        assertEquals(0, current.cancels, "closing after the device is linked takes nothing back");
        assertTrue(link.closedProperty().get());
    }

    @Test
    void approveDoesNothingBeforeADeviceAnswered() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));

        link.approve();

        assertEquals(0, links.last().approvals);
        assertTrue(link.stateProperty().get() instanceof LinkDeviceState.ShowingCode);
    }

    @Test
    void denyingTellsTheDeviceAndSaysItWasNotLinked() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));
        FakeLinks.FakeLink current = links.last();
        current.request.complete(request());

        link.deny();

        assertEquals(1, current.denials);
        assertEquals(0, current.approvals);
        assertEquals(new LinkDeviceState.Failed("You denied the device. It was not linked."),
                link.stateProperty().get());
        // the link then fails as denied; the dialog keeps its own words
        current.linked.completeExceptionally(LinkException.of(LinkException.Reason.DENIED));
        assertEquals(new LinkDeviceState.Failed("You denied the device. It was not linked."),
                link.stateProperty().get());
    }

    @Test
    void failuresAreShownInTheLinksOwnWords() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));
        FakeLinks.FakeLink current = links.last();

        LinkException another = LinkException.of(LinkException.Reason.ANOTHER_DEVICE);
        current.request.completeExceptionally(new CompletionException(another));
        current.linked.completeExceptionally(another);

        assertEquals(new LinkDeviceState.Failed("Another device answered this code; linking was stopped for safety."),
                link.stateProperty().get());
        assertFalse(link.countingDownProperty().get());
    }

    @Test
    void aTamperedLinkAndALostConnectionSaySoInPlainWords() {
        assertEquals("This link was tampered with.",
                LinkDeviceViewModel.sentence(new CompletionException(LinkException.of(LinkException.Reason.TAMPERED))));
        assertEquals("The new device refused its certificate.",
                LinkDeviceViewModel.sentence(LinkException.of(LinkException.Reason.CERTIFICATE_REFUSED)));
        assertEquals("The device accepted its certificate, but the homeserver did not take the new device list: busy",
                LinkDeviceViewModel.sentence(new CompletionException(new IllegalStateException(
                        "The device accepted its certificate, but the homeserver did not take the new device list: "
                                + "busy"))));
        assertEquals("Linking failed.", LinkDeviceViewModel.sentence(new IllegalStateException()));
    }

    @Test
    void aLinkThatCannotStartSaysWhy() {
        link.start();
        links.last().code.completeExceptionally(new CompletionException(
                LinkException.of(LinkException.Reason.CONNECTION, "The connection to the homeserver was lost.")));

        assertEquals(new LinkDeviceState.Failed("The connection to the homeserver was lost."),
                link.stateProperty().get());
    }

    @Test
    void aFailureWhileLinkingIsShown() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));
        links.last().request.complete(request());
        link.approve();

        links.last().linked.completeExceptionally(LinkException.of(LinkException.Reason.CERTIFICATE_REFUSED));

        assertEquals(new LinkDeviceState.Failed("The new device refused its certificate."), link.stateProperty().get());
    }

    @Test
    void newCodeCancelsTheOldLinkAndIgnoresWhatItSaysLater() throws IOException {
        link.start();
        showCode(URL, Duration.ofMinutes(5));
        FakeLinks.FakeLink old = links.last();

        link.newCode();

        assertEquals(1, old.cancels);
        assertEquals(2, links.started.size());
        assertEquals(new LinkDeviceState.Starting(), link.stateProperty().get());
        assertEquals("", link.countdownProperty().get());

        // the old link fails as cancelled, and a device may even have answered it: neither shows
        old.request.complete(request());
        old.linked.completeExceptionally(LinkException.of(LinkException.Reason.CANCELLED));
        assertEquals(new LinkDeviceState.Starting(), link.stateProperty().get());

        showCode(OTHER_URL, Duration.ofMinutes(5));
        assertEquals(OTHER_URL, link.urlProperty().get());
        assertEquals(OTHER_URL, decode(link.qrCodeProperty().get()));
    }

    @Test
    void newCodeAfterAFailureStartsAgain() {
        link.start();
        links.last().code.completeExceptionally(LinkException.of(LinkException.Reason.SERVER, "Too many links."));
        assertEquals(new LinkDeviceState.Failed("Too many links."), link.stateProperty().get());

        link.newCode();
        showCode(OTHER_URL, Duration.ofMinutes(5));

        assertEquals(2, links.started.size());
        assertTrue(link.stateProperty().get() instanceof LinkDeviceState.ShowingCode);
    }

    @Test
    void closingCancelsTheLinkAndShowsNothingMore() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));
        FakeLinks.FakeLink current = links.last();

        link.close();
        assertTrue(link.closedProperty().get());
        assertEquals(1, current.cancels);
        assertFalse(link.countingDownProperty().get());

        current.request.complete(request());
        assertTrue(link.stateProperty().get() instanceof LinkDeviceState.ShowingCode, "nothing moves after closing");
        link.newCode();
        assertEquals(1, links.started.size(), "a closed dialog starts no link");
    }

    @Test
    void closingWhileADeviceWaitsCancelsRatherThanApproves() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));
        links.last().request.complete(request());

        link.close();

        assertEquals(1, links.last().cancels);
        assertEquals(0, links.last().approvals);
    }

    @Test
    void newCodeIsRefusedWhileTheDeviceIsBeingLinked() {
        link.start();
        showCode(URL, Duration.ofMinutes(5));
        links.last().request.complete(request());
        link.approve();

        link.newCode();

        assertEquals(1, links.started.size());
        assertEquals(0, links.last().cancels);
    }

    private void showCode(String url, Duration lifetime) {
        links.last().code.complete(new LinkStarter.Code(url, time.instant().plus(lifetime)));
    }

    private LinkStarter.Request request() {
        return new LinkStarter.Request("Ada's phone", "android", "3F2A 9C1B", "482 913",
                time.instant().plusSeconds(240));
    }

    private static String decode(QrCode code) throws IOException {
        int side = code.size();
        int[] argb = new int[side * side * 16];
        for (int y = 0; y < side * 4; y++) {
            for (int x = 0; x < side * 4; x++) {
                argb[y * side * 4 + x] = code.isDark(x / 4, y / 4) ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        return QrCode.decode(side * 4, side * 4, argb);
    }
}
