package chat.mz.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AccountStore} on the homeserver's H2 database, in plain SQL that PostgreSQL also speaks. */
public final class H2AccountStore implements AccountStore {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ACCOUNT_COLUMNS =
            "user_id, username, root_public_key, device_list, device_list_version, created_at";

    private final ServerDatabase database;

    public H2AccountStore(ServerDatabase database) {
        this.database = database;
    }

    @Override
    public Created create(AccountRecord account, DeviceRecord firstDevice) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO account (" + ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, account.userId());
                    insert.setString(2, account.username());
                    insert.setBytes(3, account.rootPublicKey());
                    insert.setBytes(4, account.deviceList());
                    insert.setLong(5, account.deviceListVersion());
                    insert.setLong(6, account.createdAt().toEpochMilli());
                    insert.executeUpdate();
                }
                insertDevice(connection, firstDevice);
                connection.commit();
                return Created.CREATED;
            } catch (SQLException e) {
                connection.rollback();
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                // which constraint: asked again rather than parsed from a database-specific message
                return find(connection, account.userId()).isPresent() ? Created.ACCOUNT_EXISTS : Created.USERNAME_TAKEN;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("store a new account", e);
        }
    }

    @Override
    public Optional<AccountRecord> find(String userId) {
        try (Connection connection = database.connection()) {
            return find(connection, userId);
        } catch (SQLException e) {
            throw failure("read an account", e);
        }
    }

    @Override
    public Optional<AccountRecord> findByUsername(String username) {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE username = ?")) {
            select.setString(1, username);
            return account(select);
        } catch (SQLException e) {
            throw failure("read an account", e);
        }
    }

    @Override
    public Optional<DeviceRecord> device(String userId, String deviceId) {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT device_id, certificate, added_at, "
                     + "last_seen_at FROM device WHERE user_id = ? AND device_id = ?")) {
            select.setString(1, userId);
            select.setString(2, deviceId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(device(userId, row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read a device", e);
        }
    }

    @Override
    public List<DeviceRecord> devices(String userId) {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement("SELECT device_id, certificate, added_at, "
                     + "last_seen_at FROM device WHERE user_id = ? ORDER BY added_at, device_id")) {
            select.setString(1, userId);
            List<DeviceRecord> devices = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    devices.add(device(userId, rows));
                }
            }
            return devices;
        } catch (SQLException e) {
            throw failure("read devices", e);
        }
    }

    @Override
    public Map<String, byte[]> certificates(String userId) {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT device_id, certificate FROM device WHERE user_id = ? ORDER BY device_id")) {
            select.setString(1, userId);
            Map<String, byte[]> certificates = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    certificates.put(rows.getString(1), rows.getBytes(2));
                }
            }
            return certificates;
        } catch (SQLException e) {
            throw failure("read certificates", e);
        }
    }

    @Override
    public boolean isRevoked(String userId, String deviceId) {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT 1 FROM revocation WHERE user_id = ? AND device_id = ?")) {
            select.setString(1, userId);
            select.setString(2, deviceId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw failure("read revocations", e);
        }
    }

    @Override
    public List<byte[]> revocations(String userId) {
        try (Connection connection = database.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT revocation FROM revocation WHERE user_id = ? ORDER BY stored_at, device_id")) {
            select.setString(1, userId);
            List<byte[]> revocations = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    revocations.add(rows.getBytes(1));
                }
            }
            return revocations;
        } catch (SQLException e) {
            throw failure("read revocations", e);
        }
    }

    @Override
    public void recordLogin(String userId, String deviceId, byte[] certificate, Instant at) {
        try (Connection connection = database.connection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE device SET certificate = ?, last_seen_at = ? WHERE user_id = ? AND device_id = ?")) {
            update.setBytes(1, certificate);
            update.setLong(2, at.toEpochMilli());
            update.setString(3, userId);
            update.setString(4, deviceId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw failure("record a login", e);
        }
    }

    @Override
    public void recordSeen(String userId, String deviceId, Instant at) {
        // a late close must not move the time back past a login that came after it
        try (Connection connection = database.connection();
             PreparedStatement update = connection.prepareStatement("UPDATE device SET last_seen_at = ? "
                     + "WHERE user_id = ? AND device_id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)")) {
            update.setLong(1, at.toEpochMilli());
            update.setString(2, userId);
            update.setString(3, deviceId);
            update.setLong(4, at.toEpochMilli());
            update.executeUpdate();
        } catch (SQLException e) {
            throw failure("record when a device was seen", e);
        }
    }

    @Override
    public boolean addDevice(String userId, long expectedVersion, byte[] deviceList, long newVersion,
                             DeviceRecord device) {
        return changeList(userId, expectedVersion, deviceList, newVersion, "add a device",
                connection -> insertDevice(connection, device));
    }

    @Override
    public boolean revokeDevice(String userId, long expectedVersion, byte[] deviceList, long newVersion,
                                String deviceId, byte[] revocation, Instant at) {
        return changeList(userId, expectedVersion, deviceList, newVersion, "revoke a device", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO revocation (user_id, device_id, revocation, stored_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, userId);
                insert.setString(2, deviceId);
                insert.setBytes(3, revocation);
                insert.setLong(4, at.toEpochMilli());
                insert.executeUpdate();
            }
        });
    }

    /** Swaps the device list if it is still at {@code expectedVersion}, and does {@code alongside} in the same transaction. */
    private boolean changeList(String userId, long expectedVersion, byte[] deviceList, long newVersion, String what,
                               SqlStep alongside) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                int swapped;
                try (PreparedStatement update = connection.prepareStatement("UPDATE account SET device_list = ?, "
                        + "device_list_version = ? WHERE user_id = ? AND device_list_version = ?")) {
                    update.setBytes(1, deviceList);
                    update.setLong(2, newVersion);
                    update.setString(3, userId);
                    update.setLong(4, expectedVersion);
                    swapped = update.executeUpdate();
                }
                if (swapped != 1) {
                    connection.rollback();
                    return false;
                }
                alongside.run(connection);
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static void insertDevice(Connection connection, DeviceRecord device) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device "
                + "(user_id, device_id, certificate, added_at, last_seen_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, device.userId());
            insert.setString(2, device.deviceId());
            insert.setBytes(3, device.certificate());
            insert.setLong(4, device.addedAt().toEpochMilli());
            if (device.lastSeenAt() == null) {
                insert.setNull(5, java.sql.Types.BIGINT);
            } else {
                insert.setLong(5, device.lastSeenAt().toEpochMilli());
            }
            insert.executeUpdate();
        }
    }

    /** The device on the current row of a select of {@code device_id, certificate, added_at, last_seen_at}. */
    private static DeviceRecord device(String userId, ResultSet row) throws SQLException {
        long lastSeen = row.getLong(4);
        Instant lastSeenAt = row.wasNull() ? null : Instant.ofEpochMilli(lastSeen);
        return new DeviceRecord(userId, row.getString(1), row.getBytes(2), Instant.ofEpochMilli(row.getLong(3)),
                lastSeenAt);
    }

    private static Optional<AccountRecord> find(Connection connection, String userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE user_id = ?")) {
            select.setString(1, userId);
            return account(select);
        }
    }

    private static Optional<AccountRecord> account(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new AccountRecord(row.getString(1), row.getString(2), row.getBytes(3), row.getBytes(4),
                    row.getLong(5), Instant.ofEpochMilli(row.getLong(6))));
        }
    }

    private static StoreException failure(String what, SQLException e) {
        return new StoreException("The database failed to " + what + ": " + e.getMessage(), e);
    }

    @FunctionalInterface
    private interface SqlStep {
        void run(Connection connection) throws SQLException;
    }
}
