package chat.mz.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Device sync on this device: the events it has applied, by event id (how a copy delivered twice
 * is told apart from a new event; pruned after {@link #KEEP_DAYS} days, long after the homeserver
 * would hand an unacknowledged item out again), and the outbox of events it made that are not yet
 * sent.
 *
 * <p>Safe to use from several threads, like {@link History}, which hands it out.
 */
public final class SyncLog {
    /** How long an applied event id is remembered. */
    public static final int KEEP_DAYS = 30;

    private final HistoryDatabase database;

    SyncLog(HistoryDatabase database) {
        this.database = database;
    }

    /** Which of {@code eventIds} were applied before. */
    public Set<String> seen(Collection<String> eventIds) {
        List<String> ids = List.copyOf(eventIds);
        if (ids.isEmpty()) {
            return Set.of();
        }
        return database.read(c -> {
            Set<String> seen = new HashSet<>();
            String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement select = c.prepareStatement("SELECT event_id FROM sync_seen WHERE event_id IN ("
                    + in + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    select.setString(i + 1, ids.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        seen.add(rows.getString(1));
                    }
                }
            }
            return seen;
        });
    }

    /** Remembers that these events were applied, at {@code at}. */
    public void record(Collection<String> eventIds, Instant at) {
        Objects.requireNonNull(at, "at");
        if (eventIds.isEmpty()) {
            return;
        }
        database.write(c -> {
            try (PreparedStatement merge = c.prepareStatement(
                    "MERGE INTO sync_seen (event_id, seen_at) KEY (event_id) VALUES (?, ?)")) {
                for (String id : eventIds) {
                    merge.setString(1, id);
                    merge.setLong(2, at.toEpochMilli());
                    merge.addBatch();
                }
                merge.executeBatch();
            }
            return null;
        });
    }

    /** Puts an event this device made in the sync outbox, behind what waits there already. */
    public void queue(OutgoingSync event) {
        Objects.requireNonNull(event, "event");
        database.write(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO sync_outbox (event_id, to_device, body, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, event.eventId());
                insert.setString(2, event.toDevice());
                insert.setBytes(3, event.body());
                insert.setLong(4, event.createdAt().toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    /** Up to {@code limit} events of the sync outbox, oldest first. */
    public List<OutgoingSync> outbox(int limit) {
        return database.read(c -> {
            List<OutgoingSync> events = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT event_id, to_device, body, created_at FROM sync_outbox ORDER BY position LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(new OutgoingSync(rows.getString(1), rows.getString(2), rows.getBytes(3),
                                Instant.ofEpochMilli(rows.getLong(4))));
                    }
                }
            }
            return events;
        });
    }

    /** The homeserver has the event (or no device needs it): it leaves the outbox. */
    public void sent(String eventId) {
        database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM sync_outbox WHERE event_id = ?")) {
                delete.setString(1, eventId);
                return delete.executeUpdate();
            }
        });
    }

    /** Forgets the ids applied before {@code before}; answers how many went. */
    public int prune(Instant before) {
        return database.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM sync_seen WHERE seen_at < ?")) {
                delete.setLong(1, before.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }
}
