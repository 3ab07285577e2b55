package chat.mz.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date with numbered SQL scripts, the way Flyway does but in one
 * small class (see docs/decisions/0004-server-storage.md); the homeserver's database and the
 * client's history both use it. Scripts are named {@code V<n>__<what>.sql}, numbered from 1 without
 * gaps, and listed by the caller: class path folders cannot be listed reliably inside a jar. Each
 * applied script is recorded in {@code schema_version} with its SHA-256, so a script edited after
 * release, or data written by a newer program, stops the start with a plain sentence instead of
 * running on a schema nobody meant.
 */
public final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private final String folder;
    private final List<String> scripts;
    private final Clock clock;
    private final String program;

    /**
     * @param folder  class path folder of the scripts, ending in {@code /}
     * @param scripts their names, oldest first, numbered 1, 2, 3…
     * @param program what reads this data, for messages: "this homeserver", "this version of mzchat"
     */
    public SchemaMigrations(String folder, List<String> scripts, Clock clock, String program) {
        this.folder = folder;
        this.scripts = List.copyOf(scripts);
        this.clock = clock;
        this.program = program;
        for (int i = 0; i < this.scripts.size(); i++) {
            Matcher name = NAME.matcher(this.scripts.get(i));
            if (!name.matches() || Integer.parseInt(name.group(1)) != i + 1) {
                throw new IllegalArgumentException("migration " + (i + 1) + " must be named V" + (i + 1)
                        + "__<what>.sql, not " + this.scripts.get(i));
            }
        }
    }

    /** The newest version these scripts make. */
    public int latestVersion() {
        return scripts.size();
    }

    /**
     * Applies the scripts the database does not have yet, each in its own transaction.
     *
     * @return how many were applied
     * @throws SchemaException when the database is newer than these scripts, a recorded script was
     *                        changed, or a script fails
     */
    public int migrate(Connection connection) {
        try {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL, "
                        + "description VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, "
                        + "applied_at BIGINT NOT NULL, CONSTRAINT schema_version_pk PRIMARY KEY (version))");
            }
            Map<Integer, String> applied = applied(connection);
            int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (newest > scripts.size()) {
                throw new SchemaException("The data is of schema version " + newest + ", newer than " + program
                        + " knows (" + scripts.size() + "). Run a newer version.");
            }
            int count = 0;
            for (int version = 1; version <= scripts.size(); version++) {
                String script = read(scripts.get(version - 1));
                String checksum = sha256(script);
                String recorded = applied.get(version);
                if (recorded == null) {
                    apply(connection, version, script, checksum);
                    count++;
                } else if (!recorded.equals(checksum)) {
                    throw new SchemaException("The schema script " + scripts.get(version - 1)
                            + " was changed after it had been applied to this database.");
                }
            }
            return count;
        } catch (SQLException e) {
            throw new SchemaException("The database schema could not be brought up to date: " + e.getMessage(), e);
        }
    }

    private Map<Integer, String> applied(Connection connection) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2));
            }
        }
        return applied;
    }

    private void apply(Connection connection, int version, String script, String checksum) throws SQLException {
        String name = scripts.get(version - 1);
        LOG.info("Updating the database schema to version {} ({})", version, name);
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(script)) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO schema_version (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, version);
                insert.setString(2, name);
                insert.setString(3, checksum);
                insert.setLong(4, clock.millis());
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Splits a script at semicolons that end a line; {@code --} comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private String read(String name) {
        try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(folder + name)) {
            if (in == null) {
                throw new SchemaException("The schema script " + folder + name + " is missing from the program.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchemaException("The schema script " + name + " could not be read.", e);
        }
    }

    private static String sha256(String text) {
        try {
            // line endings normalized, so a checkout with CRLF computes the same sum
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
