package chat.mz.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.Subscription;
import chat.mz.client.sync.HistoryTransfers;
import chat.mz.client.sync.TransferProgress;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import chat.mz.ui.link.HistoryFeed;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Link a device" dialog's history feed on the real client core: the desktop offers its history
 * to a device just linked, the device takes it, and the dialog hears each step in order; whoever
 * follows later hears where it stands.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinkedDeviceHistoryTest {
    @TempDir
    Path folder;

    private MessagingWorld world;
    private LinkedDeviceHistory history;

    @AfterEach
    void stop() throws Exception {
        if (history != null) {
            history.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void theDialogHearsTheOfferTheSendingAndTheEnd() throws Exception {
        world = new MessagingWorld(folder);
        User desk = world.register("ada");
        String group = desk.messenger().conversations().createGroup("Crag", List.of(), false)
                .get(30, TimeUnit.SECONDS).sessionId();
        for (int i = 1; i <= 3; i++) {
            desk.messenger().send(group, "message " + i).get(30, TimeUnit.SECONDS);
        }
        history = new LinkedDeviceHistory(desk.messenger().historySharing(), HistoryTransfers.DEFAULT_WINDOW);
        User phone = world.linkDevice(desk, "Ada's phone");
        String phoneId = phone.identity().deviceId();
        LinkedBlockingQueue<HistoryFeed.Progress> heard = new LinkedBlockingQueue<>();
        Subscription following = history.follow(phoneId, heard::add);

        history.offer(phoneId);

        HistoryFeed.Progress offered = next(heard);
        assertEquals(HistoryFeed.Stage.OFFERED, offered.stage());
        assertTrue(offered.total() >= 3, "offered " + offered.total());
        String transferId = waitForOfferOn(phone);
        phone.messenger().historySharing().accept(transferId).get(30, TimeUnit.SECONDS);
        long done = -1;
        HistoryFeed.Progress last;
        do {
            last = next(heard);
            assertTrue(last.done() >= done, "heard in order");
            done = last.done();
        } while (last.stage() != HistoryFeed.Stage.DONE && last.stage() != HistoryFeed.Stage.FAILED);
        assertEquals(new HistoryFeed.Progress(HistoryFeed.Stage.DONE, offered.total(), offered.total()), last);

        LinkedBlockingQueue<HistoryFeed.Progress> late = new LinkedBlockingQueue<>();
        history.follow(phoneId, late::add);
        assertEquals(last, late.poll(), "a later follower hears where it stands at once");
        following.close();
    }

    private static String waitForOfferOn(User phone) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (TransferProgress known : phone.messenger().historySharing().known().get(30, TimeUnit.SECONDS)) {
                if (known.direction() == TransferProgress.Direction.RECEIVING
                        && known.state() == TransferProgress.State.OFFERED) {
                    return known.transferId();
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the phone was offered nothing");
    }

    private static HistoryFeed.Progress next(LinkedBlockingQueue<HistoryFeed.Progress> queue) throws Exception {
        HistoryFeed.Progress progress = queue.poll(60, TimeUnit.SECONDS);
        if (progress == null) {
            throw new AssertionError("nothing more was heard");
        }
        return progress;
    }
}
