package chat.mz.ui.chats;

import java.time.Duration;

/** How often a group's room key is replaced on a schedule, as the group settings offer it. */
public enum KeyRotation {
    NONE("Never on a schedule", Duration.ZERO),
    DAY("Every day", Duration.ofDays(1)),
    WEEK("Every 7 days", Duration.ofDays(7)),
    MONTH("Every 30 days", Duration.ofDays(30));

    private final String label;
    private final Duration period;

    KeyRotation(String label, Duration period) {
        this.label = label;
        this.period = period;
    }

    /** How long a key is used; zero for no limit. */
    public Duration period() {
        return period;
    }

    /** The choice for a period, or null when it is none of these. */
    public static KeyRotation of(Duration period) {
        for (KeyRotation rotation : values()) {
            if (rotation.period.equals(period)) {
                return rotation;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
