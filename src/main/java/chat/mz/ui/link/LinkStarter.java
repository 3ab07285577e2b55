package chat.mz.ui.link;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Starts one link at a time for the dialog: the seam between {@link LinkDeviceViewModel} and the
 * client core ({@link DeviceAddingLinks} in the app, a fake in tests).
 */
@FunctionalInterface
public interface LinkStarter {
    /** Starts a fresh link; never blocks. */
    Link start();

    /** The code to show: the link as text and when it stops working. */
    record Code(String url, Instant expiresAt) {
        public Code {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** Leaves the link (which holds the pairing secret) out, so a log gives nothing away. */
        @Override
        public String toString() {
            return "Code[url=(hidden), expiresAt=" + expiresAt + "]";
        }
    }

    /** The device that answered the code, as it described itself, and the check code both sides show. */
    record Request(String deviceName, String platform, String fingerprint, String checkCode, Instant expiresAt) {
        public Request {
            Objects.requireNonNull(deviceName, "deviceName");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(checkCode, "checkCode");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** The device just linked: its id on the account and the name it gave itself. */
    record NewDevice(String id, String name) {
        public NewDevice {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * One link under way. Its stages complete on any thread; a failure is a
     * {@link chat.mz.client.pairing.LinkException} (possibly wrapped) or another exception whose
     * message is a sentence a person can read.
     */
    interface Link {
        /** Completes with the code once the homeserver holds the link. */
        CompletionStage<Code> code();

        /** Completes when a device has answered the code. */
        CompletionStage<Request> request();

        /** Completes with the device once it is linked and may log in. */
        CompletionStage<NewDevice> linked();

        /** Signs the device's certificate and adds it; only after {@link #request()} completed. */
        void approve();

        /** Tells the device no; only after {@link #request()} completed. */
        void deny();

        /** Stops the link; a device that answered is told. Harmless after the link ended. */
        void cancel();
    }
}
