package chat.mz.client.e2ee;

import java.util.Objects;

/** What {@link RoomKeyWrap#wrapForAll} did for one recipient device: sealed the key to it, or could not. */
public sealed interface WrapResult {
    RecipientDevice recipient();

    /** The key, sealed to {@link #recipient()}. */
    record Wrapped(RecipientDevice recipient, SealedRoomKey sealed) implements WrapResult {
        public Wrapped {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(sealed, "sealed");
        }
    }

    /** The recipient's key could not be used ({@link E2eeException.Reason#UNUSABLE_KEY}). */
    record Failed(RecipientDevice recipient, E2eeException failure) implements WrapResult {
        public Failed {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(failure, "failure");
        }
    }
}
