package chat.mz.client.messaging;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.E2eeException;
import chat.mz.client.e2ee.MessageHeader;
import chat.mz.client.e2ee.OpenedMessage;
import chat.mz.client.e2ee.ReplayGuard;
import chat.mz.client.e2ee.ReplayWindow;
import chat.mz.client.e2ee.RoomCipher;
import chat.mz.client.e2ee.RoomKey;
import chat.mz.client.e2ee.RoomKeyLookup;
import chat.mz.client.e2ee.SealedMessage;
import chat.mz.client.e2ee.SenderStream;
import chat.mz.history.History;
import chat.mz.history.Protection;
import chat.mz.history.StreamWindow;
import chat.mz.identity.DeviceCertificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens encrypted messages as they arrive: checks that the sealed header agrees with what the
 * homeserver says of the message, that the sending device is on its account's signed device list
 * and signed it, that it decrypts under a room key this device holds, and that its counter was not
 * seen before. A message that fails any of these is kept as {@link Protection#UNREADABLE} with a
 * sentence saying why, never shown as if it were fine; one whose key has not arrived yet keeps its
 * sealed bytes so that it opens once the key is here.
 *
 * <p>One {@link Batch} per batch of queue items: the replay windows it advances are stored with the
 * batch's entries in one transaction, so a crash can neither lose a message nor reopen a counter.
 */
final class RoomOpener {
    static final String WAITING_FOR_KEY = "🔒 Waiting for the key to this encrypted message.";
    static final String ALTERED = "⚠ This encrypted message was altered on the way and cannot be read.";
    static final String NOT_SIGNED = "⚠ This message was changed on the way or not signed by the device it "
            + "claims to come from, so it is not shown.";
    static final String UNKNOWN_DEVICE = "⚠ This message came from a device that is not on the sender's list "
            + "of devices (removed, or never theirs), so it is not shown.";
    static final String MISMATCH = "⚠ This message's encryption names another sender or conversation than the "
            + "homeserver does, so it is not shown.";
    static final String REPLAYED = "⚠ A copy of an earlier message was sent again; it is not shown twice.";

    /** What opening a message gave: its text as shown, and how it was protected. */
    record Opened(String text, Protection protection, boolean waitingForKey) {
    }

    private final History history;
    private final MemberDevices devices;

    RoomOpener(History history, MemberDevices devices) {
        this.history = history;
        this.devices = devices;
    }

    Batch batch() {
        return new Batch();
    }

    /** The replay windows of one batch: read from the history once, stored with the batch. */
    final class Batch implements ReplayGuard {
        private final Map<SenderStream, ReplayWindow> windows = new HashMap<>();
        private final Map<SenderStream, ReplayWindow> changed = new HashMap<>();
        /** Keys read once per batch: a batch is mostly one session's messages under one epoch. */
        private final Map<String, Map<Long, Optional<RoomKey>>> keys = new HashMap<>();

        /**
         * Opens one message of {@code sessionId} that the homeserver says {@code sender} sent with
         * {@code messageId}, sealed under {@code keyEpoch}.
         */
        Opened open(String sessionId, String messageId, String senderUserId, String senderDeviceId, Long keyEpoch,
                    String ciphertext) {
            SealedMessage sealed;
            try {
                sealed = SealedMessage.fromBase64(ciphertext);
            } catch (E2eeException e) {
                return unreadable(ALTERED);
            }
            MessageHeader header = sealed.header();
            if (!header.sessionId().equals(sessionId) || !header.messageId().equals(messageId)
                    || !header.senderUserId().equals(senderUserId) || !header.senderDeviceId().equals(senderDeviceId)
                    || keyEpoch == null || header.epoch() != keyEpoch) {
                return unreadable(MISMATCH);
            }
            Optional<DeviceCertificate> certificate = devices.certificate(new DeviceRef(header.senderUserId(),
                    header.senderDeviceId()));
            if (certificate.isEmpty()) {
                return unreadable(UNKNOWN_DEVICE);
            }
            RoomKeyLookup lookup = epoch -> keys.computeIfAbsent(sessionId, k -> new HashMap<>())
                    .computeIfAbsent(epoch, e -> history.roomKeys().get(sessionId, e).map(RoomKeys::roomKey));
            try {
                OpenedMessage opened = RoomCipher.open(sealed, sessionId, lookup, certificate.get().body().signingKey(),
                        this);
                return new Opened(new String(opened.plaintext(), StandardCharsets.UTF_8), Protection.ENCRYPTED, false);
            } catch (E2eeException e) {
                return switch (e.reason()) {
                    case UNKNOWN_EPOCH -> new Opened(WAITING_FOR_KEY, Protection.UNREADABLE, true);
                    case BAD_SIGNATURE -> unreadable(NOT_SIGNED);
                    case REPLAYED, TOO_OLD -> unreadable(REPLAYED);
                    case WRONG_SESSION -> unreadable(MISMATCH);
                    default -> unreadable(ALTERED);
                };
            }
        }

        /** A key was stored during this batch: look it up again rather than trust what was read before. */
        void keyArrived(String sessionId, long epoch) {
            Map<Long, Optional<RoomKey>> held = keys.get(sessionId);
            if (held != null) {
                held.remove(epoch);
            }
        }

        /** The windows this batch advanced, to store with its entries. */
        List<StreamWindow> changedWindows() {
            List<StreamWindow> out = new ArrayList<>();
            changed.forEach((stream, window) -> out.add(new StreamWindow(stream.sessionId(), stream.sender().userId(),
                    stream.sender().deviceId(), window.encode())));
            return out;
        }

        @Override
        public void check(MessageHeader header) throws E2eeException {
            window(SenderStream.of(header)).check(header.counter());
        }

        @Override
        public void accept(MessageHeader header) throws E2eeException {
            SenderStream stream = SenderStream.of(header);
            ReplayWindow next = window(stream).accept(header.counter());
            windows.put(stream, next);
            changed.put(stream, next);
        }

        private ReplayWindow window(SenderStream stream) throws E2eeException {
            ReplayWindow window = windows.get(stream);
            if (window == null) {
                Optional<byte[]> stored = history.roomKeys().replayWindow(stream.sessionId(), stream.sender().userId(),
                        stream.sender().deviceId());
                window = stored.isPresent() ? ReplayWindow.decode(stored.get())
                        : ReplayWindow.empty(ReplayWindow.DEFAULT_SIZE);
                windows.put(stream, window);
            }
            return window;
        }
    }

    private static Opened unreadable(String why) {
        return new Opened(why, Protection.UNREADABLE, false);
    }
}
