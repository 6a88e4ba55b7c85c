package dev.agentmemory.sqlite.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.StorageException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.BackendProperties;
import dev.agentmemory.jdbc.JdbcEngine;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Thread-safe: share one instance. An open SQLite store: the engine and the pools it owns.
 *
 * <p>{@code sqlite::memory:} is a private temporary database file, not an SQLite in-memory
 * database: a shared-cache in-memory database ({@code file:x?mode=memory&cache=shared}) takes
 * table-level locks that fail with {@code SQLITE_LOCKED}, which {@code busy_timeout} does not
 * cover, and {@code memdb} has no WAL and vanishes with its last connection. A file (in
 * {@code /dev/shm}, so in RAM, where available) gets exactly the file mode's design: WAL, one
 * writer, parallel readers, pool connections free to come and go. It is deleted with its
 * {@code -wal} and {@code -shm} files when the engine closes.
 *
 * @param engine the engine to hand to the store
 * @param writerPool the writer pool (owned by the engine)
 * @param readerPool the reader pool (owned by the engine)
 * @param file the database file
 */
public record SqliteStorage(JdbcEngine engine, HikariDataSource writerPool, HikariDataSource readerPool, Path file) {

    /**
     * Opens the store at {@code location}: creates the file's parent directories, the pools,
     * and the schema.
     *
     * @param location where the store lives, parsed from {@code config.uri()}
     * @param config the store's configuration
     * @throws dev.agentmemory.MemoryStoreException with
     *     {@link dev.agentmemory.ErrorCode#INVALID_CONFIG} if a property is invalid
     * @throws StorageException if the database cannot be opened
     */
    public static SqliteStorage open(SqliteLocation location, StoreConfig config) {
        String describe = location.describe();
        SqliteSettings settings = SqliteSettings.from(describe, config.properties());
        Path file = location.inMemory() ? TemporaryDatabase.newPath() : Path.of(location.path());
        JdbcEngine.Builder builder = JdbcEngine.builder(describe, SqliteDialect.INSTANCE).config(config);
        if (location.inMemory()) {
            builder.onClose(() -> TemporaryDatabase.delete(file));
        } else {
            BackendProperties.createParentDirectories(describe, file);
        }
        HikariDataSource writer;
        HikariDataSource readers;
        try {
            WalBootstrap.ensureWal(file, settings.busyTimeoutMillis());
            writer = SqlitePools.writer(file, settings);
            builder.writer(writer);
            readers = SqlitePools.readers(file, settings);
            builder.reader(readers);
        } catch (RuntimeException | SQLException e) {
            throw builder.abandon(e);
        }
        // Stopped before the pools close, so that no checkpoint holds a reader while its pool
        // closes (HikariCP would wait up to ten seconds for it, and warn).
        builder.beforeClose(WalCheckpointer.start(describe, readers)::close);
        return new SqliteStorage(builder.build(), writer, readers, file);
    }
}
