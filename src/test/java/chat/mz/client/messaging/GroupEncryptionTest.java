package chat.mz.client.messaging;

import static chat.mz.testing.ByteScan.contains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.history.Entry;
import chat.mz.history.Protection;
import chat.mz.history.StoredRoomKey;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.testing.MessagingWorld;
import chat.mz.testing.MessagingWorld.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end encrypted groups over a real loopback homeserver, with three users of two devices each
 * (a desktop and a linked phone, real keys, real histories): every flow of the protocol, from the
 * first key of a new group to replacements when someone leaves, and what the homeserver keeps.
 * Each test makes its own groups, so they share the one world.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupEncryptionTest {
    private Path root;
    private MessagingWorld world;
    private User adaDesk;
    private User adaPhone;
    private User bobDesk;
    private User bobPhone;
    private User cydDesk;
    private User cydPhone;

    @BeforeAll
    void setUp(@TempDir Path folder) throws Exception {
        root = folder;
        world = new MessagingWorld(root);
        adaDesk = world.register("ada");
        bobDesk = world.register("bob");
        cydDesk = world.register("cyd");
        adaPhone = world.linkDevice(adaDesk, "ada phone");
        bobPhone = world.linkDevice(bobDesk, "bob phone");
        cydPhone = world.linkDevice(cydDesk, "cyd phone");
    }

    @AfterAll
    void tearDown() throws Exception {
        world.close();
    }

    private List<User> everyone() {
        return List.of(adaDesk, adaPhone, bobDesk, bobPhone, cydDesk, cydPhone);
    }

    @Test
    void everyMemberDeviceReadsAnEncryptedGroupAndTheHomeserverCannot() throws Exception {
        String session = group("North face", true, bobDesk, cydDesk);
        StoredRoomKey first = key(adaDesk, session, 1).orElseThrow();
        assertTrue(first.confirmed(), "the creator's first key is taken by the homeserver");

        String secret = "meet at the north face hut at dawn, bring the blue rope";
        await(adaDesk.messenger().send(session, secret));
        for (User device : List.of(adaPhone, bobDesk, bobPhone, cydDesk, cydPhone)) {
            Entry got = awaitEntry(device, session, e -> e.text().equals(secret));
            assertEquals(Protection.ENCRYPTED, got.protection(), device.username());
            assertArrayEquals(first.key(), key(device, session, 1).orElseThrow().key(),
                    "every member device holds the same key 1");
        }

        // a plaintext group's message is found by the same scan: the scan can see what is there
        String control = "plainly visible to the homeserver " + System.nanoTime();
        String plain = group("Open", false, bobDesk);
        await(adaDesk.messenger().send(plain, control));
        awaitEntry(bobDesk, plain, e -> e.text().equals(control));
        byte[] server = serverFiles();
        assertTrue(contains(server, control.getBytes(StandardCharsets.UTF_8)), "the control text is in the file");
        assertFalse(contains(server, secret.getBytes(StandardCharsets.UTF_8)), "an encrypted message's text");
        assertFalse(contains(server, first.key()), "a room key");
    }

    @Test
    void plaintextIsMarkedAndSwitchingEncryptionShowsForEveryone() throws Exception {
        String session = group("Switches", true, bobDesk);
        await(bobDesk.messenger().send(session, "said in the clear", false));
        assertEquals(Protection.PLAIN, awaitEntry(adaPhone, session, e -> e.text().equals("said in the clear"))
                .protection());

        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(bobDesk.messenger().encryption().turnOff(session)));
        assertTrue(refused.getCause() instanceof RpcException rpc && rpc.is(ErrorCode.NOT_SESSION_OWNER),
                "only the owner switches encryption: " + refused.getCause());

        await(adaDesk.messenger().encryption().turnOff(session));
        for (User device : List.of(bobDesk, bobPhone, adaPhone)) {
            awaitEntry(device, session, e -> e.kind() == Entry.Kind.SYSTEM
                    && e.text().contains("turned off end-to-end encryption"));
        }
        await(adaDesk.messenger().send(session, "now readable by the homeserver"));
        assertEquals(Protection.PLAIN, awaitEntry(bobPhone, session,
                e -> e.text().equals("now readable by the homeserver")).protection());

        long epoch = await(adaDesk.messenger().encryption().turnOn(session));
        assertEquals(2, epoch, "turning it on again starts a new key");
        awaitEntry(bobDesk, session, e -> e.kind() == Entry.Kind.SYSTEM
                && e.text().contains("turned on end-to-end encryption"));
        await(bobDesk.messenger().send(session, "sealed again"));
        Entry sealed = awaitEntry(adaPhone, session, e -> e.text().equals("sealed again"));
        assertEquals(Protection.ENCRYPTED, sealed.protection());
        assertEquals(2, adaDesk.history().roomKeys().settings(session).keyEpoch());
    }

    @Test
    void aRemovedMemberGetsNoLaterKey() throws Exception {
        String session = group("Shrinking", true, bobDesk, cydDesk);
        await(adaDesk.messenger().send(session, "before cyd goes"));
        awaitEntry(cydPhone, session, e -> e.text().equals("before cyd goes"));

        await(adaDesk.messenger().conversations().remove(session, cydDesk.userId()));
        // the removal marks the session: the next encrypted message makes key 2 first
        await(adaDesk.messenger().send(session, "after cyd left"));
        for (User device : List.of(bobDesk, bobPhone, adaPhone)) {
            Entry got = awaitEntry(device, session, e -> e.text().equals("after cyd left"));
            assertEquals(Protection.ENCRYPTED, got.protection());
            assertTrue(key(device, session, 2).isPresent());
        }
        assertFalse(java.util.Arrays.equals(key(adaDesk, session, 1).orElseThrow().key(),
                key(adaDesk, session, 2).orElseThrow().key()), "a new key, not the old one again");
        for (User device : List.of(cydDesk, cydPhone)) {
            assertTrue(key(device, session, 1).isPresent(), "cyd keeps what was said while a member");
            assertTrue(key(device, session, 2).isEmpty(), "but gets no key made after leaving");
            assertFalse(device.history().latest(session, 100).stream().anyMatch(e -> e.text().equals("after cyd left")));
        }
    }

    @Test
    void twoMembersRekeyingAtOnceEndOnOneKey() throws Exception {
        String session = group("Race", true, bobDesk, cydDesk);
        CompletableFuture<Long> bob = bobDesk.messenger().encryption().rotateNow(session);
        CompletableFuture<Long> cyd = cydDesk.messenger().encryption().rotateNow(session);
        List<Long> won = new ArrayList<>();
        for (CompletableFuture<Long> each : List.of(bob, cyd)) {
            try {
                won.add(each.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                RpcException rpc = assertInstanceOf(RpcException.class, e.getCause());
                assertTrue(rpc.is(ErrorCode.ROOM_KEY_EPOCH_MISMATCH), "the loser is told another key won: " + rpc);
            }
        }
        assertFalse(won.isEmpty());
        long epoch = won.stream().mapToLong(Long::longValue).max().orElseThrow();
        StoredRoomKey winner = awaitKey(adaDesk, session, epoch);
        for (User device : everyone()) {
            assertArrayEquals(winner.key(), awaitKey(device, session, epoch).key(),
                    "every device ends on the same key " + epoch);
        }
        // and everyone can talk under it
        await(cydDesk.messenger().send(session, "cyd after the race"));
        await(bobDesk.messenger().send(session, "bob after the race"));
        for (User device : everyone()) {
            if (device != cydDesk) {
                assertEquals(Protection.ENCRYPTED, awaitEntry(device, session,
                        e -> e.text().equals("cyd after the race")).protection());
            }
            if (device != bobDesk) {
                assertEquals(Protection.ENCRYPTED, awaitEntry(device, session,
                        e -> e.text().equals("bob after the race")).protection());
            }
        }
    }

    @Test
    void invitedNewcomersReadEarlierMessagesOnlyWhenTheGroupAllowsIt() throws Exception {
        String session = group("Invitations", true, bobDesk);
        await(adaDesk.messenger().send(session, "before cyd was invited"));
        awaitEntry(bobDesk, session, e -> e.text().equals("before cyd was invited"));
        await(adaDesk.messenger().encryption().updateSettings(session, null, true));

        await(adaDesk.messenger().conversations().invite(session, cydDesk.userId()));
        awaitCondition("cyd's invitation", () -> cydDesk.history().requests().stream()
                .anyMatch(r -> r.sessionId().equals(session)));
        await(cydDesk.messenger().conversations().accept(session));
        // the inviter's device hands the current key to each of cyd's devices
        StoredRoomKey current = key(adaDesk, session, 1).orElseThrow();
        for (User device : List.of(cydDesk, cydPhone)) {
            assertArrayEquals(current.key(), awaitKey(device, session, 1).key());
        }
        await(cydDesk.messenger().send(session, "cyd joins in"));
        assertEquals(Protection.ENCRYPTED, awaitEntry(bobPhone, session, e -> e.text().equals("cyd joins in"))
                .protection());
    }

    @Test
    void aNewcomerLetInByTheOwnerReadsOnlyWhatTheGroupAllows() throws Exception {
        // by default newcomers cannot read what was said before: the join replaces the key
        String closed = group("Closed book", true, bobDesk);
        await(adaDesk.messenger().send(closed, "said before cyd asked"));
        askAndApprove(closed);
        await(bobDesk.messenger().send(closed, "said after cyd came"));
        for (User device : List.of(cydDesk, cydPhone)) {
            Entry after = awaitEntry(device, closed, e -> e.text().equals("said after cyd came"));
            assertEquals(Protection.ENCRYPTED, after.protection());
            assertTrue(key(device, closed, 1).isEmpty(), "no key to what was said before");
            assertTrue(key(device, closed, 2).isPresent());
        }

        // a group that lets newcomers read hands its current key over with the approval
        String open = group("Open book", true, bobDesk);
        await(adaDesk.messenger().encryption().updateSettings(open, null, true));
        await(adaDesk.messenger().send(open, "said before cyd asked"));
        askAndApprove(open);
        StoredRoomKey current = key(adaDesk, open, 1).orElseThrow();
        for (User device : List.of(cydDesk, cydPhone)) {
            assertArrayEquals(current.key(), awaitKey(device, open, 1).key(), "key 1 came with the approval");
        }
        assertEquals(1, adaDesk.history().roomKeys().settings(open).keyEpoch(), "and the key was not replaced");
    }

    /** cyd asks to join, ada approves, cyd's devices see themselves in. */
    private void askAndApprove(String session) throws Exception {
        await(cydDesk.messenger().conversations().join(session));
        awaitCondition("ada sees cyd's request", () -> adaDesk.history().requests().stream()
                .anyMatch(r -> r.sessionId().equals(session)));
        await(adaDesk.messenger().conversations().allow(session, cydDesk.userId()));
        for (User device : List.of(cydDesk, cydPhone)) {
            awaitCondition("cyd is in", () -> device.history().members(session).stream()
                    .anyMatch(m -> m.userId().equals(cydDesk.userId())));
        }
    }

    // ---- helpers

    /** A group owned by ada's desktop, members' devices told of it. */
    private String group(String name, boolean e2ee, User... members) throws Exception {
        List<String> ids = Stream.of(members).map(User::userId).toList();
        String session = await(adaDesk.messenger().conversations().createGroup(name, ids, e2ee)).sessionId();
        for (User device : everyone()) {
            if (device.userId().equals(adaDesk.userId()) || ids.contains(device.userId())) {
                awaitCondition(device.username() + " knows of " + name,
                        () -> device.history().session(session).isPresent());
                if (e2ee) {
                    awaitKey(device, session, 1);
                }
            }
        }
        return session;
    }

    private static Optional<StoredRoomKey> key(User device, String session, long epoch) {
        return device.history().roomKeys().get(session, epoch);
    }

    private static StoredRoomKey awaitKey(User device, String session, long epoch) throws InterruptedException {
        awaitCondition(device.username() + " holds key " + epoch, () -> key(device, session, epoch)
                .map(StoredRoomKey::confirmed).orElse(false));
        return key(device, session, epoch).orElseThrow();
    }

    private static Entry awaitEntry(User device, String session, Predicate<Entry> wanted) throws InterruptedException {
        Entry[] found = new Entry[1];
        awaitCondition("an entry on " + device.username() + "'s device", () -> {
            Optional<Entry> hit = device.history().latest(session, 200).stream().filter(wanted).findFirst();
            hit.ifPresent(e -> found[0] = e);
            return hit.isPresent();
        });
        return found[0];
    }

    private static void awaitCondition(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        MessagingWorld.await(what, 30, condition);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private byte[] serverFiles() throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(root.resolve("server"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }
}
