package chat.mz.client.pairing;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The question the authorized device puts to its person once a device has answered the QR code:
 * "link this device?" Show {@link #deviceName()}, {@link #platform()}, {@link #fingerprint()} and
 * {@link #checkCode()}, and ask the person to compare the code with the one on the new device.
 * Nothing is signed until {@link #approve()}.
 *
 * <p>Only the first of {@code approve} and {@code deny} counts; neither blocks.
 */
public final class LinkApproval {
    private final NewDevice device;
    private final String checkCode;
    private final Instant expiresAt;
    private final DeviceLinking linking;

    LinkApproval(NewDevice device, String checkCode, Instant expiresAt, DeviceLinking linking) {
        this.device = Objects.requireNonNull(device, "device");
        this.checkCode = Objects.requireNonNull(checkCode, "checkCode");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.linking = linking;
    }

    /** The device as it described itself. */
    public NewDevice device() {
        return device;
    }

    public String deviceName() {
        return device.deviceName();
    }

    public String platform() {
        return device.platform();
    }

    /** The fingerprint of the device's signing key, {@code 3F2A 9C1B …}. */
    public String fingerprint() {
        return device.fingerprint();
    }

    /** Six digits in two groups, e.g. {@code 482 913}; the new device shows the same if all is well. */
    public String checkCode() {
        return checkCode;
    }

    /** When the link expires unless decided (and finished) before. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Issues the certificate, sends it with the account's profile, and waits for the device to
     * accept it.
     *
     * @return the link's result, the same stage as {@link DeviceLinking#result()}
     */
    public CompletionStage<LinkedDevice> approve() {
        return linking.approve(this);
    }

    /**
     * Tells the device no and ends the link; {@link DeviceLinking#result()} then fails with
     * {@link LinkException.Reason#DENIED}.
     */
    public void deny() {
        linking.deny(this);
    }

    @Override
    public String toString() {
        return "LinkApproval[" + device + ", checkCode=" + checkCode + "]";
    }
}
