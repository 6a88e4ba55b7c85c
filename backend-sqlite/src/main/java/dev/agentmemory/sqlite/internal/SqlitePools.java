package dev.agentmemory.sqlite.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.jdbc.JdbcPools;
import dev.agentmemory.sqlite.driver.StatementCachingDataSource;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Thread-safe: static methods only. Builds the two HikariCP pools of a SQLite store.
 *
 * <p>Every setting is a driver property ({@link SQLiteConfig}) applied by sqlite-jdbc when it
 * opens each connection, not {@code connectionInitSql}: a multi-statement init SQL runs only
 * its first PRAGMA on sqlite-jdbc. So every connection the pool ever opens, including the
 * replacements it opens after retiring old ones, is in WAL mode with the configured
 * {@code synchronous}, {@code busy_timeout} and {@code foreign_keys=ON}.
 */
final class SqlitePools {
    private SqlitePools() {}

    /**
     * The writer pool: exactly one connection, the one writer path of this process. Its
     * transactions start with {@code BEGIN IMMEDIATE} (issued by the engine), so they take the
     * write lock up front and wait for it for up to {@code busy_timeout}.
     */
    static HikariDataSource writer(Path file, SqliteSettings settings) {
        return pool(file, settings, "agent-memory-sqlite-writer", 1,
                "PRAGMA wal_autocheckpoint=" + WalCheckpointer.WRITER_AUTOCHECKPOINT_PAGES);
    }

    /**
     * The reader pool: deferred read transactions, each on its own WAL snapshot, in parallel
     * with each other and with the writer.
     */
    static HikariDataSource readers(Path file, SqliteSettings settings) {
        return pool(file, settings, "agent-memory-sqlite-reader", settings.readers(), null);
    }

    private static HikariDataSource pool(Path file, SqliteSettings settings, String name, int size, String initSql) {
        HikariConfig config = JdbcPools.config(name,
                new StatementCachingDataSource(dataSource(file, settings), settings.statementCacheSize()), size, size,
                settings.connectionTimeoutMillis());
        if (initSql != null) {
            config.setConnectionInitSql(initSql); // one PRAGMA only: see the class comment
        }
        return new HikariDataSource(config);
    }

    static SQLiteDataSource dataSource(Path file, SqliteSettings settings) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setPragma(SQLiteConfig.Pragma.SYNCHRONOUS, settings.synchronous());
        config.setBusyTimeout(settings.busyTimeoutMillis());
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }
}
