package dev.agentmemory.h2.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.StorageException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.BackendProperties;
import dev.agentmemory.jdbc.ErrorClassifier;
import dev.agentmemory.jdbc.JdbcEngine;
import java.sql.SQLException;

/**
 * Thread-safe: share one instance. An open H2 store: the engine and the pools it owns.
 *
 * <p>A file store holds H2's file lock for as long as it is open; a second process that opens
 * the same file fails at once with a {@link StorageException} naming the file (H2 lets one
 * process open a file database; this backend does not start H2's {@code AUTO_SERVER}). Stores
 * of one JVM on the same file share H2's one database instance.
 *
 * <p>{@code h2:mem:name} is one database per name per JVM: stores opened on the same name share
 * it, and it is dropped when the last of them closes.
 *
 * @param engine the engine to hand to the store
 * @param writerPool the write pool (owned by the engine)
 * @param readerPool the read pool (owned by the engine)
 * @param location where the database lives
 * @param url the JDBC URL the pools connect to
 */
public record H2Storage(JdbcEngine engine, HikariDataSource writerPool, HikariDataSource readerPool,
        H2Location location, String url) {

    /**
     * Opens the store at {@code location}: creates the file's parent directories, the pools,
     * and the schema.
     *
     * @param location where the store lives, parsed from {@code config.uri()}
     * @param config the store's configuration
     * @throws dev.agentmemory.MemoryStoreException with
     *     {@link dev.agentmemory.ErrorCode#INVALID_CONFIG} if a property is invalid
     * @throws StorageException if the database cannot be opened, for example because another
     *     process has the file open
     */
    public static H2Storage open(H2Location location, StoreConfig config) {
        String describe = location.describe();
        H2Settings settings = H2Settings.from(describe, config.properties());
        String url = H2Pools.url(location, settings);
        JdbcEngine.Builder builder = JdbcEngine.builder(describe, H2Dialect.INSTANCE).config(config);
        if (location.inMemory()) {
            MemoryDatabases.acquire(location.memoryName());
            builder.onClose(() -> MemoryDatabases.release(location.memoryName(), H2Pools.memoryUrl(location)));
        } else {
            BackendProperties.createParentDirectories(describe, location.file());
        }
        HikariDataSource writers;
        HikariDataSource readers;
        try {
            writers = H2Pools.writers(url, settings);
            builder.writer(writers);
            readers = H2Pools.readers(url, settings);
            builder.reader(readers);
        } catch (RuntimeException e) {
            throw builder.abandon(explainInUse(describe, location, e));
        }
        return new H2Storage(builder.build(), writers, readers, location, url);
    }

    /**
     * The error for a file another process holds, naming the file and what to do, if that is
     * what {@code e} says; else {@code e}.
     */
    private static RuntimeException explainInUse(String describe, H2Location location, RuntimeException e) {
        SQLException inUse = ErrorClassifier.find(e, s -> s.getErrorCode() == H2Dialect.DATABASE_ALREADY_OPEN)
                .orElse(null);
        if (inUse == null) {
            return e;
        }
        return new StorageException(StorageException.FailureKind.PERMANENT, "[" + describe + "] cannot open "
                + location.file() + ": the database is in use by another process (H2 error "
                + H2Dialect.DATABASE_ALREADY_OPEN + ", \"" + firstLine(inUse.getMessage()) + "\"). H2 lets one"
                + " process open a database file: close the other process's store first, or use the PostgreSQL"
                + " backend to share a database between processes. Nothing was changed.", e);
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
