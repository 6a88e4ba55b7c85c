package dev.agentmemory.h2.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Thread-safe: static methods only, guarded by one lock. Counts the stores of this JVM open on
 * each named in-memory database, and drops the database when the last of them closes.
 *
 * <p>An in-memory database is opened with {@code DB_CLOSE_DELAY=-1} so that it survives the
 * pool's connections coming and going (HikariCP retires and replaces connections; with the
 * default delay the database would vanish whenever none happens to be open). It is then up to
 * this class to drop it. Acquiring (before the pools connect) and the last release (which runs
 * {@code SHUTDOWN}) happen under the same lock, so a store opening while the last one closes
 * gets either the shared database or a fresh, empty one, never one shut down under it.
 */
final class MemoryDatabases {
    private static final Map<String, Integer> OPEN = new HashMap<>();

    private MemoryDatabases() {}

    /** Registers one more store on {@code name}; call before opening any connection to it. */
    static synchronized void acquire(String name) {
        OPEN.merge(name, 1, Integer::sum);
    }

    /**
     * Unregisters one store on {@code name}; the last one shuts the database down, which drops it.
     *
     * @param url the database's URL, as {@link H2Pools#memoryUrl} gives it
     * @throws IllegalStateException if no store was registered on {@code name}, or the shutdown
     *     failed
     */
    static synchronized void release(String name, String url) {
        Integer count = OPEN.get(name);
        if (count == null) {
            throw new IllegalStateException("no store is open on the in-memory database " + name);
        }
        if (count > 1) {
            OPEN.put(name, count - 1);
            return;
        }
        OPEN.remove(name);
        JdbcDataSource ds = new JdbcDataSource();
        // IFEXISTS: if the database is already gone, do not create one just to shut it down.
        ds.setURL(url + ";IFEXISTS=TRUE");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) {
                throw new IllegalStateException("could not drop the in-memory database " + name + ": " + e, e);
            }
        }
    }

    /** How many stores are open on {@code name}, for tests. */
    static synchronized int openCount(String name) {
        return OPEN.getOrDefault(name, 0);
    }
}
