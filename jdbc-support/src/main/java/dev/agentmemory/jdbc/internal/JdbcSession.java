package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.StorageSession;
import dev.agentmemory.spi.StoredMemory;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import org.jdbi.v3.core.HandleCallback;

/**
 * Confined to the calling thread: the {@link StorageSession} of one transaction.
 *
 * <p>Records the thread that opened it; every method first checks that it runs on that
 * thread and that the callback has not returned, and throws {@link IllegalStateException}
 * naming the owner otherwise, before touching the database. When the callback returns, the
 * runner calls {@link #close()}, which swaps the handle scope for a sentinel (as HikariCP swaps
 * a closed proxy's delegate), so a leaked session can never reach a connection another
 * thread now holds.
 */
final class JdbcSession implements StorageSession {
    private static final HandleScope CLOSED = callback -> {
        throw new IllegalStateException("StorageSession is closed");
    };

    private final Thread owner;
    private final Statements sql;
    private final boolean writable;
    private volatile HandleScope scope;

    JdbcSession(Statements sql, HandleScope scope, boolean writable) {
        this.owner = Thread.currentThread();
        this.sql = sql;
        this.scope = scope;
        this.writable = writable;
    }

    /** Ends the session: every later call throws. */
    void close() {
        scope = CLOSED;
    }

    @SuppressWarnings("unchecked")
    private <R> R on(HandleCallback<R, RuntimeException> callback) {
        return (R) checkAccess().call(callback);
    }

    /** The live scope, if the caller is the owner and the callback is still running. */
    private HandleScope checkAccess() {
        Thread current = Thread.currentThread();
        HandleScope s = scope;
        if (current != owner) {
            throw new IllegalStateException("StorageSession is confined to thread '" + owner.getName()
                    + "' and valid only inside its callback; it was used from thread '" + current.getName()
                    + "'. Pass data out of the callback, not the session.");
        }
        if (s == CLOSED) {
            throw new IllegalStateException("StorageSession is confined to thread '" + owner.getName()
                    + "' and valid only inside its callback; it was used after the callback returned."
                    + " Do all the transaction's work inside the callback.");
        }
        return s;
    }

    private void requireWritable(String operation) {
        checkAccess();
        if (!writable) {
            throw new IllegalStateException(operation + " needs a write transaction; this session belongs to a read"
                    + " transaction (use StorageEngine.write)");
        }
    }

    @Override
    public void ensureNamespace(String tenant, String namespace) {
        requireWritable("ensureNamespace");
        on(h -> {
            sql.namespaces().ensure(h, tenant, namespace, nowMicros());
            return null;
        });
    }

    @Override
    public long advanceSequence(String tenant, String namespace, int count) {
        requireWritable("advanceSequence");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        return on(h -> sql.namespaces().advance(h, tenant, namespace, count));
    }

    @Override
    public long currentSequence(String tenant, String namespace) {
        return on(h -> sql.namespaces().current(h, tenant, namespace));
    }

    @Override
    public OptionalInt dimension(String tenant, String namespace) {
        return on(h -> sql.namespaces().dimension(h, tenant, namespace));
    }

    @Override
    public void setDimension(String tenant, String namespace, int dimension) {
        requireWritable("setDimension");
        on(h -> {
            sql.namespaces().setDimension(h, tenant, namespace, dimension);
            return null;
        });
    }

    @Override
    public void insert(List<StoredMemory> rows) {
        requireWritable("insert");
        on(h -> {
            sql.writes().insert(h, rows);
            return null;
        });
    }

    @Override
    public List<StoredMemory> find(String tenant, String namespace, Collection<MemoryId> ids) {
        return on(h -> sql.reads().find(h, tenant, namespace, ids));
    }

    @Override
    public boolean replace(StoredMemory row, long expectedVersion) {
        requireWritable("replace");
        return on(h -> sql.writes().replace(h, row, expectedVersion));
    }

    @Override
    public int delete(String tenant, String namespace, List<MemoryId> ids, long firstSeq) {
        requireWritable("delete");
        return on(h -> sql.writes().delete(h, tenant, namespace, ids, firstSeq, nowMicros()));
    }

    @Override
    public List<MemoryId> findIds(String tenant, String namespace, Filter filter) {
        return on(h -> sql.reads().findIds(h, tenant, namespace, filter));
    }

    @Override
    public List<StoredMemory> list(String tenant, String namespace, Filter filter, MemoryId after, int limit) {
        return on(h -> sql.reads().list(h, tenant, namespace, filter, after, limit));
    }

    @Override
    public long count(String tenant, String namespace, Filter filter) {
        return on(h -> sql.reads().count(h, tenant, namespace, filter));
    }

    @Override
    public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
        return on(h -> {
            // One transaction, so one snapshot: the counter, the rows and the tombstones agree.
            long seq = sql.namespaces().current(h, tenant, namespace);
            List<StoredMemory> upserts = sql.reads().upsertsSince(h, tenant, namespace, afterSeq);
            List<MemoryId> deletions = afterSeq == 0 ? List.of()
                    : sql.reads().deletionsSince(h, tenant, namespace, afterSeq);
            return new ChangeBatch(seq, upserts, deletions);
        });
    }

    private static long nowMicros() {
        return Micros.of(java.time.Instant.now());
    }

    @Override
    public String toString() {
        return "JdbcSession{owner=" + owner.getName() + (scope == CLOSED ? ", closed" : ", open") + "}";
    }
}
