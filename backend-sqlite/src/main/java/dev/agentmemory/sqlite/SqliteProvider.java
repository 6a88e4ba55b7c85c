package dev.agentmemory.sqlite;

import dev.agentmemory.KnownBackend;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.sqlite.internal.SqliteLocation;
import dev.agentmemory.sqlite.internal.SqliteStorage;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StorageProvider;
import java.util.List;

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
public final class SqliteProvider implements StorageProvider {

    /** Creates the provider; cheap, touches nothing. */
    public SqliteProvider() {}

    @Override
    public String name() {
        return KnownBackend.SQLITE.id();
    }

    @Override
    public String artifact() {
        return KnownBackend.SQLITE.artifact();
    }

    @Override
    public List<String> uriForms() {
        return KnownBackend.SQLITE.uriForms();
    }

    /** True for the URI forms above with a non-empty path. Touches no file. */
    @Override
    public boolean accepts(String uri) {
        try {
            return SqliteLocation.parse(uri).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Opens the database: creates the file's directories, the pools and the schema.
     *
     * @throws dev.agentmemory.StorageException if the database cannot be opened
     * @throws dev.agentmemory.MemoryStoreException with
     *     {@link dev.agentmemory.ErrorCode#INVALID_CONFIG} if the URI or a property is invalid
     */
    @Override
    public StorageEngine open(StoreConfig config) {
        if (!accepts(config.uri())) {
            SqliteLocation.parse(config.uri()); // throws the precise INVALID_CONFIG for a malformed SQLite URI
            throw new dev.agentmemory.MemoryStoreException(dev.agentmemory.ErrorCode.INVALID_CONFIG,
                    "the SQLite backend cannot open '" + config.uri() + "'; use one of " + uriForms());
        }
        return SqliteStorage.open(config).engine();
    }

    @Override
    public String toString() {
        return "SqliteProvider" + uriForms();
    }
}
