package dev.agentmemory.spi;

import dev.agentmemory.StoreStats;
import java.util.List;

/**
 * Thread-safe: share one instance. An open backend that runs work in transactions.
 *
 * <p>Each call borrows a connection on the calling thread, runs the work, and returns the
 * connection before it returns, whatever happens. Exceptions of type
 * {@link dev.agentmemory.MemoryStoreException} thrown by the work pass through unchanged
 * (after rollback); database failures are translated to
 * {@link dev.agentmemory.StorageException} with the right
 * {@link dev.agentmemory.StorageException.FailureKind}.
 */
public interface StorageEngine extends AutoCloseable {

    /** The backend and location, for example {@code sqlite:./data/m.db}; never a password. */
    String describe();

    /**
     * Runs {@code work} in one read-only transaction that sees one consistent snapshot.
     *
     * @throws dev.agentmemory.StorageException if the database fails
     */
    <T> T read(ReadWork<T> work);

    /**
     * Runs a read whose work sends at most one statement, such as {@link MemoryReader#find}
     * of one id. A single statement sees one consistent snapshot on its own, so a backend may
     * run it without opening a transaction (SQLite's {@code BEGIN}/{@code COMMIT}, a JDBC
     * transaction's round trips); the default is {@link #read}. Work that makes more than one
     * session call must use {@link #read}: its calls could see different snapshots here.
     *
     * @throws dev.agentmemory.StorageException if the database fails
     */
    default <T> T readSingleStatement(ReadWork<T> work) {
        return read(work);
    }

    /**
     * Runs {@code work} in one write transaction: committed when it returns, rolled back when
     * it throws. Writers that touch the same namespace are serialized by the namespace row
     * that {@link MemoryWriter#advanceSequence} locks.
     *
     * @throws dev.agentmemory.StorageException if the database fails
     */
    <T> T write(WriteWork<T> work);

    /**
     * The schema version of the database and the result of the database's own integrity check,
     * for {@code MemoryStore.check()}. The default reports neither.
     *
     * @throws dev.agentmemory.StorageException if the database fails
     */
    default dev.agentmemory.StoreCheck check() {
        return new dev.agentmemory.StoreCheck(describe(), java.util.OptionalInt.empty(),
                dev.agentmemory.StoreCheck.Integrity.NOT_AVAILABLE, "this backend has no integrity check");
    }

    /**
     * True if the engine's sessions answer {@link KeywordReader#keywordSearch}. Core then runs
     * keyword and hybrid searches; otherwise a text search is vector-only and an explicit
     * keyword search fails with a clear message. Default: false.
     */
    default boolean supportsKeywordSearch() {
        return false;
    }

    /** The engine's connection pools. */
    List<StoreStats.PoolStats> pools();

    /** Closes the pools. Idempotent. Called by the store after calls in flight finished. */
    @Override
    void close();
}
