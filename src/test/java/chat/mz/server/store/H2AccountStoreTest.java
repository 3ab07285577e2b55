package chat.mz.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.mz.testing.FakeClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's own guarantees, which the service relies on for races it cannot see: one username
 * and one key per account, and device list changes that compare and swap.
 */
class H2AccountStoreTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final ServerDatabase database = ServerDatabase.open(null, new FakeClock());
    private final H2AccountStore store = new H2AccountStore(database);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void ofManyRacingRegistrationsOfOneNameExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<AccountStore.Created>> racers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String userId = "user" + i;
                byte[] rootKey = {(byte) i};
                racers.add(() -> store.create(account(userId, "ada", rootKey), device(userId, "d")));
            }
            int created = 0;
            for (Future<AccountStore.Created> result : pool.invokeAll(racers)) {
                AccountStore.Created outcome = result.get();
                if (outcome == AccountStore.Created.CREATED) {
                    created++;
                } else {
                    assertEquals(AccountStore.Created.USERNAME_TAKEN, outcome);
                }
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameKeyIsOneAccount() {
        assertEquals(AccountStore.Created.CREATED, store.create(account("u1", "ada", new byte[] {1}), device("u1", "d")));
        assertEquals(AccountStore.Created.ACCOUNT_EXISTS,
                store.create(account("u1", "bob", new byte[] {1}), device("u1", "d")));
        assertTrue(store.findByUsername("bob").isEmpty(), "the refused account left nothing behind");
        assertTrue(store.device("u1", "d").isPresent());
    }

    @Test
    void listChangesCompareAndSwapTheVersion() {
        store.create(account("u1", "ada", new byte[] {1}), device("u1", "d1"));
        assertTrue(store.addDevice("u1", 1, new byte[] {2}, 2, device("u1", "d2")));
        assertFalse(store.addDevice("u1", 1, new byte[] {3}, 2, device("u1", "d3")), "version 1 is gone");
        assertTrue(store.device("u1", "d3").isEmpty(), "a lost swap adds nothing");
        assertFalse(store.revokeDevice("u1", 1, new byte[] {3}, 2, "d2", new byte[] {9}, NOW));
        assertFalse(store.isRevoked("u1", "d2"));
        assertTrue(store.revokeDevice("u1", 2, new byte[] {3}, 3, "d2", new byte[] {9}, NOW));
        assertTrue(store.isRevoked("u1", "d2"));
        assertEquals(3, store.find("u1").orElseThrow().deviceListVersion());
        assertArrayEquals(new byte[] {9}, store.revocations("u1").get(0));
        assertEquals(List.of("d1", "d2"), List.copyOf(store.certificates("u1").keySet()));

        store.recordLogin("u1", "d1", new byte[] {7}, NOW.plusSeconds(5));
        DeviceRecord d1 = store.device("u1", "d1").orElseThrow();
        assertArrayEquals(new byte[] {7}, d1.certificate());
        assertEquals(NOW.plusSeconds(5), d1.lastSeenAt());
    }

    private static AccountRecord account(String userId, String username, byte[] rootKey) {
        return new AccountRecord(userId, username, rootKey, new byte[] {1}, 1, NOW);
    }

    private static DeviceRecord device(String userId, String deviceId) {
        return new DeviceRecord(userId, deviceId, new byte[] {5}, NOW, null);
    }
}
