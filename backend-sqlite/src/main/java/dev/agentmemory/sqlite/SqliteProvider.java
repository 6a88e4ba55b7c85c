package dev.agentmemory.sqlite;

import dev.agentmemory.KnownBackend;
import dev.agentmemory.jdbc.JdbcProvider;
import dev.agentmemory.sqlite.internal.SqliteDialect;
import dev.agentmemory.sqlite.internal.SqliteLocation;
import dev.agentmemory.sqlite.internal.SqliteStorage;

/**
 * Thread-safe: share one instance. The SQLite backend (xerial sqlite-jdbc), the embedded default.
 *
 * <p>URIs: {@code sqlite:path}, {@code sqlite::memory:}, {@code jdbc:sqlite:path},
 * {@code jdbc:sqlite::memory:}. The parent directories of a file are created.
 *
 * <p>Design: WAL; one writer connection whose transactions begin with {@code BEGIN IMMEDIATE},
 * so {@code database is locked} never reaches a caller (writers queue on the pool and on
 * {@code busy_timeout}, readers never upgrade a lock); a pool of readers, each read
 * transaction on its own snapshot. Several processes may open the same file.
 * {@code sqlite::memory:} is a private temporary file with the same design, deleted on close.
 *
 * <p>Properties: {@code synchronous} ({@code OFF}, {@code NORMAL} (default), {@code FULL},
 * {@code EXTRA}), {@code busyTimeoutMillis} (default 10000), {@code readers} (default 4),
 * {@code connectionTimeoutMillis} (default 30000), {@code statementCacheSize} (compiled
 * statements kept per connection, default 64; 0 turns the cache off).
 */
public final class SqliteProvider extends JdbcProvider<SqliteLocation> {

    /** Creates the provider; cheap, touches nothing. */
    public SqliteProvider() {
        super(KnownBackend.SQLITE, SqliteDialect.INSTANCE, SqliteLocation::parse,
                (location, config) -> SqliteStorage.open(location, config).engine());
    }
}
