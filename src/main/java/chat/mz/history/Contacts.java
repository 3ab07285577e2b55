package chat.mz.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Contacts and the root identity keys seen for them. A key change is recorded, never quietly taken
 * over: the first key stays, and the contact is flagged until the user accepts the new one.
 */
final class Contacts {
    private static final String COLUMNS = "user_id, username, first_seen_root_key, current_root_key, added_at, "
            + "key_changed";

    private Contacts() {
    }

    static KeyCheck remember(Connection connection, String userId, String username, byte[] rootKey, Instant now)
            throws SQLException {
        Optional<Contact> known = one(connection, "user_id = ?", userId);
        if (known.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO contact (user_id, username, "
                    + "username_key, first_seen_root_key, current_root_key, added_at, key_changed) "
                    + "VALUES (?, ?, ?, ?, ?, ?, FALSE)")) {
                insert.setString(1, userId);
                insert.setString(2, username);
                insert.setString(3, usernameKey(username));
                insert.setBytes(4, rootKey);
                insert.setBytes(5, rootKey);
                insert.setLong(6, now.toEpochMilli());
                insert.executeUpdate();
            }
            return KeyCheck.FIRST_SEEN;
        }
        boolean same = Arrays.equals(known.get().currentRootKey(), rootKey);
        try (PreparedStatement update = connection.prepareStatement("UPDATE contact SET username = ?, "
                + "username_key = ?, current_root_key = ?, key_changed = key_changed OR ? WHERE user_id = ?")) {
            update.setString(1, username);
            update.setString(2, usernameKey(username));
            update.setBytes(3, rootKey);
            update.setBoolean(4, !same);
            update.setString(5, userId);
            update.executeUpdate();
        }
        return same ? KeyCheck.SAME : KeyCheck.CHANGED;
    }

    static boolean acceptKeyChange(Connection connection, String userId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE contact SET key_changed = FALSE WHERE user_id = ? AND key_changed")) {
            update.setString(1, userId);
            return update.executeUpdate() == 1;
        }
    }

    static List<Contact> all(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM contact ORDER BY username_key, user_id");
             ResultSet rows = select.executeQuery()) {
            List<Contact> contacts = new ArrayList<>();
            while (rows.next()) {
                contacts.add(contact(rows));
            }
            return contacts;
        }
    }

    static Optional<Contact> one(Connection connection, String condition, String value) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM contact WHERE "
                + condition + " ORDER BY user_id LIMIT 1")) {
            select.setString(1, value);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(contact(row)) : Optional.empty();
            }
        }
    }

    /** Usernames are looked up without regard to case. */
    static String usernameKey(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private static Contact contact(ResultSet row) throws SQLException {
        return new Contact(row.getString(1), row.getString(2), row.getBytes(3), row.getBytes(4),
                Instant.ofEpochMilli(row.getLong(5)), row.getBoolean(6));
    }
}
