package chat.mz.client.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.SyncEnvelope;
import chat.mz.client.identity.DeviceDirectory;
import chat.mz.client.identity.DeviceManager;
import chat.mz.client.identity.VerifiedDevices;
import chat.mz.history.Entry;
import chat.mz.history.Membership;
import chat.mz.history.PendingRequest;
import chat.mz.history.SessionSummary;
import chat.mz.identity.DeviceCertificate;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.sync.SendSyncEventParams;
import chat.mz.protocol.sync.SyncCodec;
import chat.mz.protocol.sync.SyncDelivery;
import chat.mz.protocol.sync.SyncEvent;
import chat.mz.protocol.sync.SyncItem;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three devices of one account (a desktop and two linked through the real link flow) and another
 * user, over a real loopback homeserver with real keys and histories: what is sent, read or
 * answered on one device shows on the others; a copy is applied once; a device that was offline
 * catches up; a revoked device gets nothing more; a forged event changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeviceSyncTest {
    private final SecureRandom random = new SecureRandom();
    private MessagingWorld world;
    private User adaDesk;
    private User adaPhone;
    private User adaLaptop;
    private User bob;

    @BeforeAll
    void setUp(@TempDir Path root) throws Exception {
        world = new MessagingWorld(root);
        adaDesk = world.register("ada");
        bob = world.register("bob");
        adaPhone = world.linkDevice(adaDesk, "ada phone");
        adaLaptop = world.linkDevice(adaDesk, "ada laptop");
    }

    @AfterAll
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void aMessageSentOnALinkedDeviceShowsOnceOnEveryOtherDeviceMarkedWithIt() throws Exception {
        String session = group("Crag", true);
        String messageId = await(adaPhone.messenger().send(session, "sent from the phone")).messageId();
        for (User device : List.of(adaDesk, adaLaptop)) {
            Entry got = awaitEntry(device, session, e -> e.messageId().equals(messageId));
            assertTrue(got.outgoing(), "the account's own message, on " + device.identity().deviceId());
            assertEquals(adaPhone.identity().deviceId(), got.senderDeviceId(), "marked with the device that sent it");
            assertEquals("sent from the phone", got.text());
        }
        awaitEntry(bob, session, e -> e.messageId().equals(messageId));
        // a later message in the same conversation has arrived too: nothing is still on its way
        await(bob.messenger().send(session, "seen it"));
        for (User device : List.of(adaDesk, adaLaptop, adaPhone)) {
            awaitEntry(device, session, e -> e.text().equals("seen it"));
            assertEquals(1, device.history().latest(session, 100).stream()
                    .filter(e -> e.messageId().equals(messageId)).count(), "stored once");
        }
    }

    @Test
    void readOnOneDeviceIsReadOnAll() throws Exception {
        String session = group("Boulders", false);
        for (int i = 1; i <= 3; i++) {
            await(bob.messenger().send(session, "problem " + i));
        }
        for (User device : List.of(adaDesk, adaPhone, adaLaptop)) {
            awaitCondition("three unread on " + device.identity().deviceId(), () -> unread(device, session) == 3);
        }
        long newest = adaDesk.history().latest(session, 1).get(0).seq();
        assertTrue(await(adaDesk.messenger().markRead(session, newest)));
        for (User device : List.of(adaPhone, adaLaptop)) {
            awaitCondition("read on " + device.identity().deviceId(), () -> unread(device, session) == 0);
        }
        assertFalse(await(adaPhone.messenger().markRead(session, newest - 1)), "a marker never moves back");
        assertEquals(0, unread(adaDesk, session));
    }

    @Test
    void anOfflineDeviceCatchesUpFromItsQueueInOrder() throws Exception {
        String first = group("Sport", false);
        String second = group("Trad", false);
        adaLaptop.restart(false);
        await(bob.messenger().send(first, "one"));
        await(bob.messenger().send(second, "two"));
        String party = await(bob.messenger().conversations().createGroup("Party", List.of(), false)).sessionId();
        await(bob.messenger().conversations().invite(party, adaDesk.userId()));
        awaitCondition("the invitation on the phone", () -> hasInvitation(adaPhone, party));
        awaitEntry(adaDesk, first, e -> e.text().equals("one"));
        awaitEntry(adaDesk, second, e -> e.text().equals("two"));
        await(adaDesk.messenger().markRead(first, adaDesk.history().latest(first, 1).get(0).seq()));
        await(adaDesk.messenger().markRead(second, adaDesk.history().latest(second, 1).get(0).seq()));
        await(adaPhone.messenger().conversations().decline(party));
        awaitCondition("the desktop stops asking", () -> !hasInvitation(adaDesk, party));

        adaLaptop.goOnline();
        awaitCondition("the laptop read both", () -> unread(adaLaptop, first) == 0 && unread(adaLaptop, second) == 0
                && adaLaptop.history().latest(second, 10).stream().anyMatch(e -> e.text().equals("two")));
        awaitCondition("the laptop no longer offers the declined invitation", () -> !hasInvitation(adaLaptop, party));
        assertEquals(Membership.LEFT, adaLaptop.history().session(party).orElseThrow().membership());
    }

    @Test
    void theSameEventTwiceIsAppliedOnceAndAForgedOneNotAtAll() throws Exception {
        String session = group("Slab", false);
        await(bob.messenger().send(session, "unread here"));
        awaitCondition("unread on the laptop", () -> unread(adaLaptop, session) == 1);
        long seq = adaLaptop.history().latest(session, 1).get(0).seq();
        DeviceSync laptop = new DeviceSync(adaLaptop.connection(), adaLaptop.history(), adaLaptop.identity(),
                ownDevices(adaLaptop), Runnable::run, Clock.systemUTC(), random, progress -> { });

        // signed by the phone but claiming to come from the desktop: refused before anything is applied
        byte[] forged = seal(adaPhone, adaDesk.identity().deviceId(), new SyncEvent.ReadUpTo(session, seq));
        assertEquals(0, laptop.receive(List.of(new SyncDelivery(adaDesk.identity().deviceId(),
                Base64.getEncoder().encodeToString(forged), 0))).applied());
        // from another account's device
        byte[] foreign = sealFrom(bob, adaLaptop, new SyncEvent.ReadUpTo(session, seq));
        assertEquals(0, laptop.receive(List.of(new SyncDelivery(bob.identity().deviceId(),
                Base64.getEncoder().encodeToString(foreign), 0))).applied());
        assertEquals(1, unread(adaLaptop, session), "forged events change nothing");

        SyncDelivery real = delivery(adaDesk, new SyncEvent.ReadUpTo(session, seq));
        assertEquals(1, laptop.receive(List.of(real, real)).applied(), "one copy of two in a batch");
        assertEquals(0, laptop.receive(List.of(real)).applied(), "and none of a later copy");
        assertEquals(0, unread(adaLaptop, session));
        assertEquals(1, adaLaptop.history().syncLog().seen(List.of(eventIdOf(real))).size());
    }

    @Test
    void aRevokedDeviceGetsNoFurtherSyncEvents() throws Exception {
        User tablet = world.linkDevice(adaDesk, "ada tablet");
        String session = group("Multipitch", false, tablet);
        await(new DeviceManager(adaDesk.connection(), Clock.systemUTC())
                .revoke(adaDesk.identity(), tablet.identity().deviceId(), "lost"));

        ExecutionException refused = assertThrows(ExecutionException.class, () -> await(adaDesk.connection().call(
                Methods.SEND_SYNC_EVENT, new SendSyncEventParams(List.of(new SyncItem(tablet.identity().deviceId(),
                        Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})))))));
        assertTrue(refused.getCause() instanceof RpcException rpc && rpc.is(ErrorCode.NOT_A_SIBLING_DEVICE),
                "the homeserver queues nothing for a revoked device: " + refused.getCause());

        await(bob.messenger().send(session, "after the tablet went"));
        awaitEntry(adaDesk, session, e -> e.text().equals("after the tablet went"));
        awaitEntry(adaPhone, session, e -> e.text().equals("after the tablet went"));
        await(adaDesk.messenger().markRead(session, adaDesk.history().latest(session, 1).get(0).seq()));
        awaitCondition("the phone still hears", () -> unread(adaPhone, session) == 0);
        assertTrue(adaDesk.history().syncLog().outbox(10).isEmpty(), "sent to the devices still on the list");
        assertTrue(tablet.history().latest(session, 10).stream().noneMatch(e -> e.text().equals(
                "after the tablet went")), "the revoked tablet got nothing more");
    }

    @Test
    void aContactAddedOnOneDeviceIsKnownOnTheOthersWithTheSameKey() throws Exception {
        User cyd = world.register("cyd");
        assertTrue(adaPhone.history().contact(cyd.userId()).isEmpty());
        await(adaDesk.contacts().add("cyd"));
        for (User device : List.of(adaPhone, adaLaptop)) {
            awaitCondition("cyd on " + device.identity().deviceId(),
                    () -> device.history().contact(cyd.userId()).isPresent());
            assertArrayEquals(cyd.identity().rootPublicKey(),
                    device.history().contact(cyd.userId()).orElseThrow().firstSeenRootKey());
        }
    }

    /** A group of ada's (made on the desktop) with bob, that every one of ada's devices knows. */
    private String group(String name, boolean e2ee, User... alsoWaitFor) throws Exception {
        String session = await(adaDesk.messenger().conversations().createGroup(name, List.of(bob.userId()), e2ee))
                .sessionId();
        for (User device : List.of(adaDesk, adaPhone, adaLaptop, bob)) {
            awaitCondition(name + " on " + device.identity().deviceId(),
                    () -> device.history().session(session).isPresent());
        }
        for (User device : alsoWaitFor) {
            awaitCondition(name + " on " + device.identity().deviceId(),
                    () -> device.history().session(session).isPresent());
        }
        if (e2ee) {
            for (User device : List.of(adaPhone, adaLaptop, bob)) {
                awaitCondition("key 1 on " + device.identity().deviceId(),
                        () -> device.history().roomKeys().get(session, 1).isPresent());
            }
        }
        return session;
    }

    private OwnDevices ownDevices(User device) {
        DeviceDirectory directory = new DeviceDirectory(device.connection(), Clock.systemUTC());
        return fresh -> directory.byUserId(device.userId(), 0);
    }

    private SyncDelivery delivery(User from, SyncEvent event) throws Exception {
        return new SyncDelivery(from.identity().deviceId(),
                Base64.getEncoder().encodeToString(sealFrom(from, adaLaptop, event)), 0);
    }

    /** Sealed by {@code signer}'s key, with a header naming {@code claimedDevice} of ada as its sender. */
    private byte[] seal(User signer, String claimedDevice, SyncEvent event) throws Exception {
        SyncEnvelope.Header header = new SyncEnvelope.Header(new DeviceRef(adaDesk.userId(), claimedDevice),
                adaLaptop.identity().device(), SessionIds.random(random), Clock.systemUTC().instant());
        RecipientDevice laptop = recipient(adaLaptop);
        return signer.identity().withSigningKey(key -> SyncEnvelope.seal(header, new SyncCodec().encode(event), key,
                laptop, random));
    }

    private byte[] sealFrom(User from, User to, SyncEvent event) throws Exception {
        SyncEnvelope.Header header = new SyncEnvelope.Header(from.identity().device(),
                new DeviceRef(from.userId(), to.identity().deviceId()), SessionIds.random(random),
                Clock.systemUTC().instant());
        RecipientDevice recipient = new RecipientDevice(header.to(), recipient(to).encryptionPublicKey());
        return from.identity().withSigningKey(key -> SyncEnvelope.seal(header, new SyncCodec().encode(event), key,
                recipient, random));
    }

    private RecipientDevice recipient(User device) throws Exception {
        VerifiedDevices devices = await(new DeviceDirectory(device.connection(), Clock.systemUTC())
                .byUserId(device.userId(), 0));
        for (DeviceCertificate certificate : devices.devices()) {
            if (certificate.body().deviceId().equals(device.identity().deviceId())) {
                return RecipientDevice.of(certificate);
            }
        }
        throw new AssertionError("no certificate for " + device.identity().deviceId());
    }

    private static String eventIdOf(SyncDelivery delivery) throws Exception {
        return SyncEnvelope.header(Base64.getDecoder().decode(delivery.payload())).eventId();
    }

    private static int unread(User device, String session) {
        return device.history().session(session).map(SessionSummary::unreadCount).orElse(-1);
    }

    private static boolean hasInvitation(User device, String session) {
        return device.history().requests().stream().anyMatch(r -> r.kind() == PendingRequest.Kind.INVITATION
                && r.sessionId().equals(session));
    }

    private static Entry awaitEntry(User device, String session, Predicate<Entry> wanted) throws Exception {
        Entry[] found = {null};
        awaitCondition("an entry on " + device.identity().deviceId(), () -> {
            found[0] = device.history().latest(session, 200).stream().filter(wanted).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws Exception {
        MessagingWorld.await(what, 30, condition);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }
}
