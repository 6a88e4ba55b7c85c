package dev.agentmemory.sqlite.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.StorageException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.BackendProperties;
import dev.agentmemory.jdbc.JdbcEngine;
import dev.agentmemory.jdbc.ErrorClassifier;
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
     * Opens the store {@code config} names: creates the file's parent directories, the pools,
     * and the schema.
     *
     * @throws dev.agentmemory.MemoryStoreException with
     *     {@link dev.agentmemory.ErrorCode#INVALID_CONFIG} if the URI or a property is invalid
     * @throws StorageException if the database cannot be opened
     */
    public static SqliteStorage open(StoreConfig config) {
        SqliteLocation location = SqliteLocation.parse(config.uri()).orElseThrow(() -> new IllegalArgumentException(
                "not a SQLite URI: " + config.uri()));
        String describe = location.describe();
        SqliteSettings settings = SqliteSettings.from(describe, config.properties());
        Path file = location.inMemory() ? TemporaryDatabase.newPath() : Path.of(location.path());
        ErrorClassifier classifier = new ErrorClassifier(SqliteDialect.INSTANCE, describe);
        if (!location.inMemory()) {
            BackendProperties.createParentDirectories(describe, file);
        }
        HikariDataSource writer = null;
        HikariDataSource readers = null;
        try {
            WalBootstrap.ensureWal(file, settings.busyTimeoutMillis());
            writer = SqlitePools.writer(file, settings);
            readers = SqlitePools.readers(file, settings);
        } catch (RuntimeException | SQLException e) {
            closeQuietly(readers);
            closeQuietly(writer);
            if (location.inMemory()) {
                TemporaryDatabase.delete(file);
            }
            throw classifier.translate(e);
        }
        // Stopped after the pools are closed: a run then fails harmlessly on the closed pool.
        WalCheckpointer checkpointer = WalCheckpointer.start(describe, readers);
        JdbcEngine.Builder builder = JdbcEngine.builder(describe, SqliteDialect.INSTANCE)
                .writer(writer).reader(readers).config(config).onClose(checkpointer::close);
        if (location.inMemory()) {
            builder.onClose(() -> TemporaryDatabase.delete(file));
        }
        return new SqliteStorage(builder.build(), writer, readers, file);
    }


    private static void closeQuietly(HikariDataSource pool) {
        if (pool != null) {
            pool.close();
        }
    }
}
