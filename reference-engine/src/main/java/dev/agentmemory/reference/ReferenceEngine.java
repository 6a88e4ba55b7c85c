package dev.agentmemory.reference;

import dev.agentmemory.StoreClosedException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import dev.agentmemory.spi.ReadWork;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.WriteWork;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Thread-safe: share one instance. The reference {@link StorageEngine}: the storage SPI
 * implemented in memory, as plainly as it can be, so that it reads as an executable
 * specification of what a backend must do. It passes the whole contract test kit.
 *
 * <p>What it shows a backend author, class by class:
 * <ul>
 *   <li>transactions ({@link Database}): reads see one snapshot and never wait; writes are
 *       serialized and atomic; a write that throws leaves nothing behind;
 *   <li>confinement ({@link ReferenceReadSession}): a session works only on the thread that
 *       opened it and only until its callback returns, and says so naming the owner thread;
 *   <li>semantics ({@link ReferenceReadSession}, {@link ReferenceWriteSession},
 *       {@link Filters}): expiry judged by the store clock, change counters, seq stamps and
 *       tombstones for the change feed, history order and trimming, link directions,
 *       conversation counters, filters, id order, tenant isolation;
 *   <li>errors: a closed engine throws {@link StoreClosedException}; storage failures
 *       (constraint violations, a write lock that stays taken, injected {@link ReferenceFaults})
 *       are {@link dev.agentmemory.StorageException}s of the right kind; exceptions of the
 *       work pass through unchanged after rollback.
 * </ul>
 *
 * <p>Data lives in the JVM's heap. A named database ({@code reference:<name>}) is shared by
 * every engine opened with that name and lives until {@link #drop(String)} or the end of the
 * JVM, as H2's {@code mem:} databases with {@code DB_CLOSE_DELAY=-1}, so that a store closed
 * and opened again finds its data; {@code reference:} alone is a private database that goes
 * with its engine.
 */
public final class ReferenceEngine implements StorageEngine {
    private static final Databases NAMED = new Databases();

    private final Database database;
    private final String describe;
    private final Clock clock;
    private final ReferenceFaults faults;
    private final Duration lockTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReferenceEngine(Database database, StoreConfig config, Duration lockTimeout) {
        this.database = database;
        this.describe = "reference:" + database.name();
        this.clock = config.clock();
        this.faults = config.attribute(ReferenceFaults.KEY).orElse(null);
        this.lockTimeout = lockTimeout;
    }

    /**
     * Opens an engine on the named database, created empty if this JVM has none of that name.
     *
     * @param name the database's name; empty for a private database
     * @param config the store configuration: its clock judges expiry; its
     *     {@link ReferenceFaults#KEY} attribute, if set, plans faults
     * @param lockTimeout how long a write waits for the write lock before failing as retryable
     */
    static ReferenceEngine open(String name, StoreConfig config, Duration lockTimeout) {
        Objects.requireNonNull(config, "config");
        Database db = name.isEmpty() ? new Database("") : NAMED.get(name);
        return new ReferenceEngine(db, config, lockTimeout);
    }

    /**
     * Test hook: the rows of {@code tenant} in every table of the named database's last commit,
     * by table (metadata lives in the memory rows, and messages count one a message).
     */
    static Map<String, Long> rowsOf(String name, String tenant) {
        return NAMED.get(name).read(snapshot -> {
            Map<String, Long> rows = new TreeMap<>();
            rows.put("namespaces", (long) snapshot.namespaces().rows(tenant).size());
            rows.put("memories", (long) snapshot.memories().rows(tenant).size());
            rows.put("tombstones", (long) snapshot.tombstones().rows(tenant).size());
            rows.put("history", snapshot.history().rows(tenant).values().stream().mapToLong(List::size).sum());
            rows.put("links", (long) snapshot.links().rows(tenant).size());
            rows.put("conversations", (long) snapshot.conversations().rows(tenant).size());
            rows.put("messages", snapshot.messages().rows(tenant).values().stream().mapToLong(List::size).sum());
            return rows;
        });
    }

    /**
     * Forgets the named database: engines open on it keep working on it, the next engine
     * opened with the name gets an empty one. Tests call this to free memory.
     *
     * @return true if there was a database of that name
     */
    public static boolean drop(String name) {
        return NAMED.drop(name);
    }

    /** True: keyword search ranks by BM25 over a scan (see {@code Bm25}). */
    @Override
    public boolean supportsKeywordSearch() {
        return true;
    }

    @Override
    public String describe() {
        return describe;
    }

    /**
     * Runs {@code work} on the snapshot of the last commit; it never waits for a writer.
     *
     * @throws StoreClosedException if the engine is closed
     * @throws dev.agentmemory.MemoryStoreException whatever the work threw
     */
    @Override
    public <T> T read(ReadWork<T> work) {
        checkOpen();
        return database.read(snapshot -> confined(new ReferenceReadSession(snapshot, clock, describe), work::run));
    }

    /**
     * Runs {@code work} in the database's only write transaction of the moment: published when
     * it returns, dropped when it throws.
     *
     * @throws StoreClosedException if the engine is closed
     * @throws IllegalStateException if the calling thread is inside a write on this database
     * @throws dev.agentmemory.StorageException {@code RETRYABLE} if the write lock stayed taken
     *     for the lock timeout; {@code PERMANENT} if the work broke a constraint of the schema;
     *     what the {@link ReferenceFaults} planned
     * @throws dev.agentmemory.MemoryStoreException whatever the work threw, after rollback
     */
    @Override
    public <T> T write(WriteWork<T> work) {
        checkOpen();
        return database.write(tx -> confined(new ReferenceWriteSession(tx, clock, describe), work::run), lockTimeout,
                faults, describe);
    }

    /** Runs the work with the session and ends the session when the work returns or throws. */
    private static <S extends ReferenceReadSession, T> T confined(S session, Function<S, T> work) {
        try {
            return work.apply(session);
        } finally {
            session.close();
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreClosedException("[" + describe + "] the storage engine is closed; open a new store");
        }
    }

    /** The {@code writer} (the write lock, one permit) and the {@code reader} (reads in flight, not pooled). */
    @Override
    public List<StoreStats.PoolStats> pools() {
        return database.pools();
    }

    /** Marks the engine closed; the data stays with a named database. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "ReferenceEngine{" + describe + (closed.get() ? ", closed" : "") + "}";
    }
}
