package chat.mz.ui.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Once a device is linked, the dialog follows the message history offered to it: waiting for the
 * device, the count going up, and how it ended. Progress comes from the client core's threads and
 * is shown only by way of the UI executor.
 */
class LinkDeviceHistoryTest {
    private static final String URL = "http://127.0.0.1:8750/qr/login/AAAAAAAAAAAAAAAAAAAAAAAA#secret";
    private static final String SENDING = "Sending your message history to Ada's phone…";

    private final FakeClock time = new FakeClock();
    private final FakeLinks links = new FakeLinks();
    private final FakeHistoryFeed feed = new FakeHistoryFeed();
    /** The UI thread: what was handed to it runs when the test says so. */
    private final List<Runnable> ui = new ArrayList<>();
    private final LinkDeviceViewModel link = new LinkDeviceViewModel(links, feed, ui::add, time);

    @Test
    void offeredThenSentThenDone() {
        linkAdasPhone();
        assertEquals(List.of("phone-1"), feed.followed(), "the device just linked is followed");
        assertNull(link.historyProperty().get(), "nothing shows before anything was offered");

        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.OFFERED, 0, 10_000));
        assertNull(link.historyProperty().get(), "only the UI thread changes what is shown");
        runUi();
        assertEquals(new HistorySending(HistorySending.Outcome.SENDING, SENDING, -1,
                "Waiting for Ada's phone to accept it"), link.historyProperty().get());

        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.RUNNING, 0, 10_000));
        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.RUNNING, 1_200, 10_000));
        runUi();
        assertEquals(new HistorySending(HistorySending.Outcome.SENDING, SENDING, 0.12, "1,200 of 10,000 messages"),
                link.historyProperty().get());

        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.DONE, 10_000, 10_000));
        runUi();
        assertEquals(new HistorySending(HistorySending.Outcome.DONE, "Your message history is on Ada's phone.", 1, ""),
                link.historyProperty().get());
        assertTrue(link.stateProperty().get() instanceof LinkDeviceState.Linked, "still linked, whatever the history");
    }

    @Test
    void aDeviceThatSkipsTheHistorySaysSo() {
        linkAdasPhone();
        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.OFFERED, 0, 1));
        runUi();
        assertEquals("Waiting for Ada's phone to accept it", link.historyProperty().get().count());

        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.SKIPPED, 0, 1));
        runUi();

        assertEquals(new HistorySending(HistorySending.Outcome.SKIPPED,
                "Ada's phone did not take the message history.", 0, ""), link.historyProperty().get());
    }

    @Test
    void aFailureSaysTheDeviceCanStillBeUsed() {
        linkAdasPhone();
        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.RUNNING, 1_200, 10_000));
        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.FAILED, 1_200, 10_000));
        runUi();

        assertEquals(new HistorySending(HistorySending.Outcome.FAILED, "The message history could not be sent: "
                + "it stopped after 1,200 of 10,000 messages; the device can still be used.", 0, ""),
                link.historyProperty().get());
    }

    @Test
    void anOfferThatFailedGivesItsReasonMidSentence() {
        assertEquals("The message history could not be sent: the connection to the homeserver was lost; "
                + "the device can still be used.", HistorySending.of("Ada's phone", new HistoryFeed.Progress(
                        HistoryFeed.Stage.FAILED, 0, 0, "The connection to the homeserver was lost.")).message());
        assertEquals("The message history could not be sent: it stopped before any message was sent; "
                + "the device can still be used.", HistorySending.of("Ada's phone", new HistoryFeed.Progress(
                        HistoryFeed.Stage.FAILED, 0, 10, "")).message());
        assertEquals("1 of 1 message", HistorySending.count(1, 1));
        assertEquals("0 of 1,000,000 messages", HistorySending.count(0, 1_000_000));
    }

    @Test
    void closingStopsFollowingAndShowsNothingMore() {
        linkAdasPhone();
        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.RUNNING, 10, 100));
        link.close();
        runUi();
        assertEquals(List.of(), feed.followed(), "the dialog no longer follows; the transfer itself goes on");

        feed.tell("phone-1", new HistoryFeed.Progress(HistoryFeed.Stage.DONE, 100, 100));
        runUi();
        assertEquals("10 of 100 messages", link.historyProperty().get().count(), "a closed dialog shows nothing new");
    }

    @Test
    void aDialogWithoutHistorySharingShowsNothing() {
        LinkDeviceViewModel plain = new LinkDeviceViewModel(links, ui::add, time);
        plain.start();
        runUi();
        links.last().code.complete(new LinkStarter.Code(URL, time.instant().plus(Duration.ofMinutes(5))));
        links.last().request.complete(new LinkStarter.Request("Ada's phone", "android", "3F2A", "482 913",
                time.instant().plusSeconds(240)));
        runUi();
        plain.approve();
        links.last().linked.complete(new LinkStarter.NewDevice("phone-1", "Ada's phone"));
        runUi();

        assertTrue(plain.stateProperty().get() instanceof LinkDeviceState.Linked);
        assertNull(plain.historyProperty().get());
    }

    private void linkAdasPhone() {
        link.start();
        runUi();
        links.last().code.complete(new LinkStarter.Code(URL, time.instant().plus(Duration.ofMinutes(5))));
        links.last().request.complete(new LinkStarter.Request("Ada's phone", "android", "3F2A 9C1B", "482 913",
                time.instant().plusSeconds(240)));
        runUi();
        link.approve();
        runUi();
        links.last().linked.complete(new LinkStarter.NewDevice("phone-1", "Ada's phone"));
        runUi();
        assertEquals(new LinkDeviceState.Linked("Ada's phone"), link.stateProperty().get());
    }

    private void runUi() {
        while (!ui.isEmpty()) {
            List<Runnable> now = List.copyOf(ui);
            ui.clear();
            now.forEach(Runnable::run);
        }
    }
}
