package dev.agentmemory.sqlite.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConnection;

/**
 * Thread-safe: static methods only. Reads the settings of pooled connections, for tests that
 * check every connection a pool hands out. Connections are borrowed and returned inside the
 * call; none is returned to the caller.
 */
public final class ConnectionInspector {
    private ConnectionInspector() {}

    /**
     * Immutable and thread-safe: the settings of one pooled connection.
     *
     * @param physicalId identifies the physical connection (not the pool's proxy)
     * @param journalMode the {@code journal_mode} pragma, lower case
     * @param synchronous the {@code synchronous} pragma: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
     * @param busyTimeout the {@code busy_timeout} pragma in milliseconds
     * @param foreignKeys the {@code foreign_keys} pragma
     */
    public record ConnectionSettings(int physicalId, String journalMode, int synchronous, int busyTimeout,
            boolean foreignKeys) {}

    /**
     * Borrows {@code count} connections at once (so they are distinct), reads their settings,
     * and returns them all to the pool.
     *
     * @throws SQLException if a borrow or a pragma fails
     */
    public static List<ConnectionSettings> inspect(HikariDataSource pool, int count) throws SQLException {
        List<Connection> borrowed = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                borrowed.add(pool.getConnection());
            }
            List<ConnectionSettings> out = new ArrayList<>(count);
            for (Connection c : borrowed) {
                out.add(new ConnectionSettings(System.identityHashCode(c.unwrap(SQLiteConnection.class)),
                        text(c, "journal_mode"), number(c, "synchronous"), number(c, "busy_timeout"),
                        number(c, "foreign_keys") == 1));
            }
            return out;
        } finally {
            for (Connection c : borrowed) {
                c.close();
            }
        }
    }

    private static String text(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            rs.next();
            return rs.getString(1).toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static int number(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
