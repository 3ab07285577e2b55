package chat.mz.bench;

import chat.mz.testing.MessagingWorld.User;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The devices of the device-sync bench: the account's desktop, the phone and the laptop linked to it, and the
 * other user's desktop; and what is done between two rounds so that each starts from idle devices.
 *
 * @param settleNanos the pause between rounds, after every device has taken everything the round caused
 */
record SyncDevices(User desktop, User phone, User laptop, User bob, long settleNanos) {

    List<User> every() {
        return List.of(desktop, phone, laptop, bob);
    }

    /** The queues every device's events also go to: emptied between rounds, they would grow with every round. */
    void clearEventQueues() {
        every().forEach(device -> device.events.clear());
    }

    void settle() {
        if (settleNanos > 0) {
            LockSupport.parkNanos(settleNanos);
        }
    }
}
