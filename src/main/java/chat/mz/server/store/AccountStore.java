package chat.mz.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts, devices and revocations: the only way the homeserver reaches them. The store keeps
 * what it is given and enforces uniqueness and compare-and-swap on the device list version; every
 * signature has been checked before anything gets here. Methods block on I/O: call them off the
 * WebSocket threads. Database failures are {@link StoreException}s.
 */
public interface AccountStore {

    /** What {@link #create} did. */
    enum Created {
        CREATED,
        /** Another account has this username. */
        USERNAME_TAKEN,
        /** An account with this root key (and so this user id) exists already. */
        ACCOUNT_EXISTS
    }

    /** Stores a new account with its first device, atomically; two racing creations never both win. */
    Created create(AccountRecord account, DeviceRecord firstDevice);

    Optional<AccountRecord> find(String userId);

    /** @param username normalized */
    Optional<AccountRecord> findByUsername(String username);

    Optional<DeviceRecord> device(String userId, String deviceId);

    /** Every device's certificate, revoked devices included, by device id. */
    Map<String, byte[]> certificates(String userId);

    boolean isRevoked(String userId, String deviceId);

    /** Every revocation of the account, oldest first. */
    List<byte[]> revocations(String userId);

    /** A device logged in: keeps its (countersigned) certificate and the time. */
    void recordLogin(String userId, String deviceId, byte[] certificate, Instant at);

    /** Every device the account ever had, revoked ones included, in the order they were added. */
    List<DeviceRecord> devices(String userId);

    /** A device was seen (its connection closed, say): moves its last-seen time to {@code at}, never back. */
    void recordSeen(String userId, String deviceId, Instant at);

    /**
     * Adds a device and moves the account to a new device list, if its list is still at
     * {@code expectedVersion}.
     *
     * @return false, changing nothing, when the version moved meanwhile
     */
    boolean addDevice(String userId, long expectedVersion, byte[] deviceList, long newVersion, DeviceRecord device);

    /**
     * Stores a revocation and moves the account to a new device list, if its list is still at
     * {@code expectedVersion}.
     *
     * @return false, changing nothing, when the version moved meanwhile
     */
    boolean revokeDevice(String userId, long expectedVersion, byte[] deviceList, long newVersion, String deviceId,
                         byte[] revocation, Instant at);
}
