package dev.agentmemory.h2.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.jdbc.JdbcPools;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Thread-safe: static methods only. Builds the H2 URL and the HikariCP pools of an H2 store.
 *
 * <p>Every setting is in the URL, which H2 applies to each connection it opens, so every
 * connection the pool ever opens, including replacements for retired ones, has them:
 * <ul>
 *   <li>file databases use H2's {@code async:} file system, whose {@code AsynchronousFileChannel}
 *       is not closed when the thread using it is interrupted: with the default file system an
 *       interrupt during a write closes the database's {@code FileChannel} and committed rows
 *       are lost;
 *   <li>{@code WRITE_DELAY=0} unless {@code durability=relaxed}: with H2's default (500 ms)
 *       commits are acknowledged before they are written, and {@code kill -9} loses them;
 *   <li>{@code LOCK_TIMEOUT}: how long a transaction waits for a row lock;
 *   <li>in-memory databases: {@code DB_CLOSE_DELAY=-1} (see {@link MemoryDatabases}).
 * </ul>
 * No {@code AUTO_SERVER}: a second process opening the file gets a clear error instead of
 * silently becoming a TCP client of the first.
 */
final class H2Pools {
    private H2Pools() {}

    /** The JDBC URL of {@code location} with {@code settings}. */
    static String url(H2Location location, H2Settings settings) {
        String lock = ";LOCK_TIMEOUT=" + settings.lockTimeoutMillis();
        if (location.inMemory()) {
            return memoryUrl(location) + lock;
        }
        String file = location.file().toString();
        String base = file.substring(0, file.length() - ".mv.db".length());
        return "jdbc:h2:async:" + base + ";WRITE_DELAY=" + settings.writeDelayMillis() + lock;
    }

    /** The URL that names the in-memory database and keeps it alive, without per-session settings. */
    static String memoryUrl(H2Location location) {
        return "jdbc:h2:mem:" + location.memoryName() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * The write pool. H2 locks rows, not the database, so writers to different namespaces run
     * in parallel; writers to one namespace queue on its row (within {@code LOCK_TIMEOUT}).
     */
    static HikariDataSource writers(String url, H2Settings settings) {
        return pool(url, settings, "agent-memory-h2-writer", settings.writers());
    }

    /**
     * The read pool, apart from the writers so that writers waiting for a row lock, each
     * holding a connection, never starve reads (which take no locks under MVCC).
     */
    static HikariDataSource readers(String url, H2Settings settings) {
        return pool(url, settings, "agent-memory-h2-reader", settings.readers());
    }

    private static HikariDataSource pool(String url, H2Settings settings, String name, int size) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return new HikariDataSource(JdbcPools.config(name, ds, size, size, settings.connectionTimeoutMillis()));
    }
}
