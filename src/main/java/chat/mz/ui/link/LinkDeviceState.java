package chat.mz.ui.link;

import java.time.Instant;
import java.util.Objects;

/** Where linking a device stands, as the dialog shows it. */
public sealed interface LinkDeviceState {
    /** The homeserver is creating the link; nothing to scan yet. */
    record Starting() implements LinkDeviceState {
    }

    /** The code to scan (or the link to copy) and when it expires. */
    record ShowingCode(String url, Instant expiresAt) implements LinkDeviceState {
        public ShowingCode {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** Leaves the link (which holds the pairing secret) out. */
        @Override
        public String toString() {
            return "ShowingCode[url=(hidden), expiresAt=" + expiresAt + "]";
        }
    }

    /** A device answered: approve or deny it after comparing the check code. */
    record DeviceFound(String name, String platform, String fingerprint, String checkCode, Instant expiresAt)
            implements LinkDeviceState {
        public DeviceFound {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(checkCode, "checkCode");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** Approved: the certificate is being signed, accepted and published. */
    record Linking(String name) implements LinkDeviceState {
    }

    /** The device is linked and may log in. */
    record Linked(String name) implements LinkDeviceState {
    }

    /** Linking ended without a device; {@code message} says why, in plain words. */
    record Failed(String message) implements LinkDeviceState {
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }
}
