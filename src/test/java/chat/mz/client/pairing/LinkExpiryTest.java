package chat.mz.client.pairing;

import static chat.mz.client.pairing.LinkHarness.await;
import static chat.mz.client.pairing.LinkHarness.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import chat.mz.server.Homeserver;
import chat.mz.server.ServerConfig;
import chat.mz.testing.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A link that nobody decides ends at the session's expiry on both devices. The homeserver and the
 * devices share a fake clock, so five minutes pass in an instant.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LinkExpiryTest {
    private final FakeTime time = new FakeTime(Instant.now());
    private LinkHarness harness;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aLinkLeftUndecidedExpiresOnBothDevices() throws Exception {
        Homeserver server = Homeserver.start(ServerConfig.defaults().withAddress("127.0.0.1", 0), time, time,
                () -> { }, "test");
        harness = LinkHarness.around(server, time);
        TestIssuer issuer = TestIssuer.honest(harness.random, time);
        DeviceLinking desktop = harness.desktop(issuer);
        LinkInvitation invitation = await(desktop.start());
        LinkRequester phone = harness.device(invitation);
        await(phone.start(invitation, "Ada's phone", "android"));
        LinkApproval approval = await(desktop.approval());
        assertEquals(time.instant().plus(Duration.ofMinutes(5)).toEpochMilli(), approval.expiresAt().toEpochMilli(),
                "a session lives five minutes from its creation");
        assertFalse(desktop.result().toCompletableFuture().isDone());

        // five minutes and one sweep of the homeserver later, with both devices still waiting
        time.advance(Duration.ofMinutes(5).plusSeconds(10));

        LinkException atDesktop = failure(desktop.result());
        LinkException atPhone = failure(phone.result());
        assertEquals(LinkException.Reason.EXPIRED, atDesktop.reason());
        assertEquals("This link has expired.", atDesktop.getMessage());
        assertEquals(LinkException.Reason.EXPIRED, atPhone.reason());
        assertEquals("This link has expired.", atPhone.getMessage());
        approval.approve();
        assertEquals(0, issuer.calls(), "an expired link signs nothing");
    }
}
