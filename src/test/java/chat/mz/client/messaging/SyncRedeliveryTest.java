package chat.mz.client.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.SyncEnvelope;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.history.Membership;
import chat.mz.history.PendingRequest;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.session.FetchEventsResult;
import chat.mz.protocol.session.MembershipNotice;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.sync.SyncCodec;
import chat.mz.protocol.sync.SyncDelivery;
import chat.mz.protocol.sync.SyncEvent;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The homeserver hands out again what a device did not acknowledge, the items before included: an
 * invitation and, after it, another device's "declined" for it. However often that batch comes,
 * the invitation stays answered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SyncRedeliveryTest {
    @Test
    void anInvitationDeliveredAgainStaysDeclinedElsewhere(@TempDir Path root) throws Exception {
        SecureRandom random = new SecureRandom();
        try (MessagingWorld world = new MessagingWorld(root)) {
            User desk = world.register("ada");
            User bob = world.register("bob");
            User phone = world.linkDevice(desk, "ada phone");
            String party = SessionIds.random(random);
            QueuedEvent invitation = new QueuedEvent(1_000_001, QueuedEventType.INVITE_USER_TO_SESSION, null,
                    new MembershipNotice(party, "Party", null, null, bob.userId(), "bob", 1_795_338_000_000L), null);
            SyncEnvelope.Header header = new SyncEnvelope.Header(phone.identity().device(), desk.identity().device(),
                    SessionIds.random(random), Clock.systemUTC().instant());
            RecipientDevice to = recipient(desk);
            byte[] sealed = phone.identity().withSigningKey(key -> SyncEnvelope.seal(header,
                    new SyncCodec().encode(new SyncEvent.InvitationAnswered(party, false)), key, to, random));
            QueuedEvent declined = QueuedEvent.sync(1_000_002, new SyncDelivery(phone.identity().deviceId(),
                    Base64.getEncoder().encodeToString(sealed), 0));

            for (int round = 1; round <= 3; round++) {
                desk.messenger().deliver(new FetchEventsResult(List.of(invitation, declined))).get(30, TimeUnit.SECONDS);
                assertTrue(desk.history().requests().stream().noneMatch(r -> r.kind() == PendingRequest.Kind.INVITATION
                        && r.sessionId().equals(party)), "no invitation to answer, delivery " + round);
                assertEquals(Membership.LEFT, desk.history().session(party).orElseThrow().membership(),
                        "delivery " + round);
            }
        }
    }

    private static RecipientDevice recipient(User device) throws Exception {
        for (DeviceCertificate certificate : new DeviceDirectory(device.connection(), Clock.systemUTC())
                .byUserId(device.userId(), 0).get(30, TimeUnit.SECONDS).devices()) {
            if (DeviceRef.of(certificate).equals(device.identity().device())) {
                return RecipientDevice.of(certificate);
            }
        }
        throw new AssertionError("no certificate for the desktop");
    }
}
