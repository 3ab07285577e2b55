package chat.mz.server.session;

import static chat.mz.testing.ByteScan.contains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.client.e2ee.DeviceRef;
import chat.mz.client.e2ee.RecipientDevice;
import chat.mz.client.e2ee.SyncEnvelope;
import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.Methods;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.QueuedEvent;
import chat.mz.protocol.session.QueuedEventType;
import chat.mz.protocol.session.SessionIds;
import chat.mz.protocol.sync.SendSyncEventParams;
import chat.mz.protocol.sync.SyncCodec;
import chat.mz.protocol.sync.SyncEvent;
import chat.mz.protocol.sync.SyncItem;
import chat.mz.server.store.QueueStore;
import chat.mz.server.store.ServerDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code send_sync_event} on a real homeserver: a blob goes only to other current devices of the
 * caller's account, exactly as given, all or nothing; every malformed call is refused and the
 * connection serves on; a large backlog comes in fetches that fit a frame; nothing is lost on a
 * restart; and the database holds the sealed bytes only.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SyncEventServerTest {
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path data;

    private ChatWorld world;
    private ChatUser ada;
    private ChatUser bob;
    private ChatClient adaDesk;
    private ChatClient adaPhone;

    @BeforeEach
    void setUp() throws Exception {
        world = new ChatWorld(data);
        ada = world.register("ada");
        world.addDevice(ada);
        world.addDevice(ada);
        bob = world.register("bob");
        adaDesk = world.login(ada, 0);
        adaPhone = world.login(ada, 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
    }

    @Test
    void aBlobGoesToEachNamedSiblingAsItWasSent() throws Exception {
        byte[] forPhone = bytes(300);
        byte[] forTablet = bytes(301);

        int queued = adaDesk.call(Methods.SEND_SYNC_EVENT, params(item(phone(), forPhone), item(tablet(), forTablet)))
                .queued();

        assertEquals(2, queued);
        List<QueuedEvent> got = syncItems(adaPhone.fetch(List.of()));
        assertEquals(1, got.size());
        assertEquals(ada.device(0).id(), got.get(0).sync().fromDeviceId());
        assertArrayEquals(forPhone, payload(got.get(0)));
        assertTrue(Math.abs(got.get(0).sync().at() - System.currentTimeMillis()) < 60_000, "queued just now");
        assertEquals(got, syncItems(adaPhone.fetch(List.of())), "it stays until acknowledged");
        assertEquals(List.of(), syncItems(adaPhone.fetch(Events.ids(got))));
        assertEquals(List.of(), syncItems(adaPhone.fetch(List.of())));

        List<QueuedEvent> tablet = syncItems(world.login(ada, 2).fetch(List.of()));
        assertEquals(1, tablet.size());
        assertArrayEquals(forTablet, payload(tablet.get(0)), "each device gets its own blob");
        assertEquals(List.of(), syncItems(adaDesk.fetch(List.of())), "the sender gets none");
        assertEquals(List.of(), syncItems(world.login(bob, 0).fetch(List.of())), "nor does anyone else");
    }

    @Test
    void aRecipientThatIsNoSiblingRefusesTheWholeCall() throws Exception {
        adaDesk.call(Methods.REVOKE_DEVICE, ada.revoke(2));
        List<String> notSiblings = List.of(ada.device(0).id(), bob.device(0).id(), "no-such-device", tablet());

        for (String refused : notSiblings) {
            // the phone comes first: were items queued one by one, it would have got one
            RpcException e = adaDesk.refused(Methods.SEND_SYNC_EVENT,
                    params(item(phone(), bytes(40)), item(refused, bytes(40))), ErrorCode.NOT_A_SIBLING_DEVICE);
            assertTrue(e.getMessage().contains(refused), e.getMessage());
        }
        world.login(bob, 0).refused(Methods.SEND_SYNC_EVENT, params(item(phone(), bytes(40))),
                ErrorCode.NOT_A_SIBLING_DEVICE);

        assertEquals(List.of(), syncItems(adaPhone.fetch(List.of())));
        world.stop();
        assertEquals(List.of(), storedPayloads(), "nothing queued for anyone");
    }

    @Test
    void malformedCallsAreRefusedAndTheConnectionServesOn() throws Exception {
        List<SyncItem> tooMany = new ArrayList<>();
        for (int i = 0; i <= SendSyncEventParams.MAX_ITEMS; i++) {
            tooMany.add(item("device-" + i, bytes(8)));
        }
        List<SendSyncEventParams> malformed = List.of(
                new SendSyncEventParams(List.of()),
                new SendSyncEventParams(tooMany),
                params(item(phone(), bytes(8)), item(phone(), bytes(8))),
                params(new SyncItem(phone(), "not base64!")),
                params(new SyncItem(phone(), "")),
                params(item("a device", bytes(8))),
                params(item("", bytes(8))),
                params(item("d".repeat(65), bytes(8))));
        List<byte[]> good = new ArrayList<>();
        for (SendSyncEventParams params : malformed) {
            adaDesk.refused(Methods.SEND_SYNC_EVENT, params, ErrorCode.INVALID_PARAMS);
            byte[] payload = bytes(20);
            assertEquals(1, adaDesk.call(Methods.SEND_SYNC_EVENT, params(item(phone(), payload))).queued());
            good.add(payload);
        }
        // 64 items are a well-formed call: these are refused for naming no sibling, not for their number
        adaDesk.refused(Methods.SEND_SYNC_EVENT, new SendSyncEventParams(tooMany.subList(0, 64)),
                ErrorCode.NOT_A_SIBLING_DEVICE);

        List<QueuedEvent> got = syncItems(adaPhone.fetch(List.of()));
        assertEquals(good.size(), got.size(), "the good calls and nothing else, in order");
        for (int i = 0; i < good.size(); i++) {
            assertArrayEquals(good.get(i), payload(got.get(i)));
        }
    }

    @Test
    void aBlobOfOneMebibyteIsTakenAndOneByteMoreIsNot() throws Exception {
        byte[] largest = bytes(SyncItem.MAX_PAYLOAD_BYTES);
        byte[] tooLarge = bytes(SyncItem.MAX_PAYLOAD_BYTES + 1);

        adaDesk.refused(Methods.SEND_SYNC_EVENT, params(item(phone(), tooLarge)), ErrorCode.SYNC_EVENT_TOO_LARGE);
        assertEquals(1, adaDesk.call(Methods.SEND_SYNC_EVENT, params(item(phone(), largest))).queued());

        List<QueuedEvent> got = syncItems(adaPhone.fetch(List.of()));
        assertEquals(1, got.size());
        assertArrayEquals(largest, payload(got.get(0)));
    }

    @Test
    void aConnectionThatIsNotLoggedInIsRefused() throws Exception {
        world.anonymous().refused(Methods.SEND_SYNC_EVENT, params(item(phone(), bytes(10))),
                ErrorCode.NOT_LOGGED_IN);
        assertEquals(List.of(), syncItems(adaPhone.fetch(List.of())));
    }

    @Test
    void aLargeBacklogComesInSeveralFetchesThatEachFitAFrame() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        for (int size : new int[] {700 * 1024, 700 * 1024, 700 * 1024, 700 * 1024, SyncItem.MAX_PAYLOAD_BYTES}) {
            byte[] payload = bytes(size);
            adaDesk.call(Methods.SEND_SYNC_EVENT, params(item(phone(), payload)));
            sent.add(payload);
        }

        List<Integer> perFetch = new ArrayList<>();
        List<byte[]> received = new ArrayList<>();
        List<Long> ack = List.of();
        for (int round = 0; round < 10; round++) {
            List<QueuedEvent> items = adaPhone.fetch(ack);
            if (items.isEmpty()) {
                break;
            }
            List<QueuedEvent> sync = syncItems(items);
            long bytes = 0;
            for (QueuedEvent item : sync) {
                received.add(payload(item));
                bytes += payload(item).length;
            }
            assertTrue(bytes <= QueueStore.MAX_FETCH_PAYLOAD_BYTES, "fetch " + round + " carried " + bytes + " bytes");
            perFetch.add(sync.size());
            ack = Events.ids(items);
        }

        assertEquals(List.of(2, 2, 1), perFetch, "as many as fit, always at least one");
        assertEquals(sent.size(), received.size(), "each exactly once");
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), received.get(i), "in the order sent: " + i);
        }
        assertEquals(List.of(), adaPhone.fetch(List.of()));
    }

    @Test
    void queuedBlobsOutliveARestartUntilAcknowledged() throws Exception {
        adaDesk.call(Methods.SEND_SYNC_EVENT, params(item(phone(), bytes(100)), item(tablet(), bytes(100))));
        adaDesk.call(Methods.SEND_SYNC_EVENT, params(item(phone(), bytes(200))));
        List<QueuedEvent> before = syncItems(adaPhone.fetch(List.of()));
        assertEquals(2, before.size());

        world.restart();

        ChatClient phoneAgain = world.login(ada, 1);
        assertEquals(before, syncItems(phoneAgain.fetch(List.of())), "the same items, ids and bytes");
        phoneAgain.fetch(Events.ids(before));
        assertEquals(1, syncItems(world.login(ada, 2).fetch(List.of())).size(), "the tablet's is its own");

        world.restart();

        assertEquals(List.of(), syncItems(world.login(ada, 1).fetch(List.of())), "acknowledged is gone for good");
    }

    @Test
    void theDatabaseHoldsTheSealedBytesAndNoneOfTheEvent() throws Exception {
        String marker = "periwinkle-falcon-" + random.nextInt(1_000_000);
        byte[] event = new SyncCodec().encode(new SyncEvent.ContactAdded(bob.userId(), marker, new byte[32]));
        assertTrue(new String(event, StandardCharsets.UTF_8).contains(marker));
        RecipientDevice phone = RecipientDevice.of(ada.device(1).certificate());
        SyncEnvelope.Header header = new SyncEnvelope.Header(DeviceRef.of(ada.device(0).certificate()),
                phone.device(), SessionIds.random(random), Instant.ofEpochMilli(System.currentTimeMillis()));
        byte[] sealed = SyncEnvelope.seal(header, event, ada.device(0).keys().privateKey(), phone, random);

        adaDesk.call(Methods.SEND_SYNC_EVENT, params(item(phone(), sealed)));

        List<QueuedEvent> got = syncItems(adaPhone.fetch(List.of()));
        assertArrayEquals(sealed, payload(got.get(0)));
        assertEquals(header, SyncEnvelope.header(payload(got.get(0))));
        world.stop();
        byte[] files = databaseFiles();
        assertTrue(contains(files, sealed), "the sealed bytes are in the file: the search works");
        assertFalse(contains(files, marker.getBytes(StandardCharsets.UTF_8)), "the event is not");
        assertFalse(contains(files, marker.getBytes(StandardCharsets.UTF_16BE)), "in any encoding");
        assertFalse(contains(files, "periwinkle".getBytes(StandardCharsets.US_ASCII)), "not even a word of it");
        List<byte[]> stored = storedPayloads();
        assertEquals(1, stored.size());
        assertArrayEquals(sealed, stored.get(0), "stored exactly as given");
    }

    private String phone() {
        return ada.device(1).id();
    }

    private String tablet() {
        return ada.device(2).id();
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static SyncItem item(String deviceId, byte[] payload) {
        return new SyncItem(deviceId, Base64.getEncoder().encodeToString(payload));
    }

    private static SendSyncEventParams params(SyncItem... items) {
        return new SendSyncEventParams(List.of(items));
    }

    private static List<QueuedEvent> syncItems(List<QueuedEvent> items) {
        return Events.typed(items, QueuedEventType.SYNC_EVENT);
    }

    private static byte[] payload(QueuedEvent item) {
        return Base64.getDecoder().decode(item.sync().payload());
    }

    /** Every SyncEvent payload in the stopped homeserver's queues, in queue order. */
    private List<byte[]> storedPayloads() throws Exception {
        try (ServerDatabase database = ServerDatabase.open(data, Clock.systemUTC());
             Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT payload FROM device_queue WHERE item_type = ? ORDER BY queue_id")) {
            select.setString(1, QueuedEventType.SYNC_EVENT.wireName());
            List<byte[]> payloads = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    payloads.add(rows.getBytes(1));
                }
            }
            return payloads;
        }
    }

    /** Every file in the homeserver's data folder, one after the other. */
    private byte[] databaseFiles() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }
}
