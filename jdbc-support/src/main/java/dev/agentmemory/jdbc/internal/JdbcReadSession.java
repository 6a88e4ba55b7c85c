package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryVersion;
import dev.agentmemory.Message;
import dev.agentmemory.Neighbourhood.Direction;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.FeedPosition;
import dev.agentmemory.spi.KeywordHit;
import dev.agentmemory.spi.KeywordQuery;
import dev.agentmemory.spi.MemoryRef;
import dev.agentmemory.spi.NamespaceCounter;
import dev.agentmemory.spi.ReadSession;
import dev.agentmemory.spi.StoredMemory;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jdbi.v3.core.HandleCallback;

/**
 * Confined to the calling thread: the {@link ReadSession} of one transaction; a read
 * transaction gets exactly this type, so it has no write method to call.
 *
 * <p>Records the thread that opened it; every method first checks that it runs on that
 * thread and that the callback has not returned, and throws {@link IllegalStateException}
 * naming the owner otherwise, before touching the database. When the callback returns, the
 * runner calls {@link #close()}, which swaps the handle scope for a sentinel (as HikariCP swaps
 * a closed proxy's delegate), so a leaked session can never reach a connection another
 * thread now holds.
 */
class JdbcReadSession implements ReadSession {
    private static final HandleScope CLOSED = callback -> {
        throw new IllegalStateException("the storage session is closed");
    };
    private static final ConnectionScope CLOSED_CONNECTION = work -> {
        throw new IllegalStateException("the storage session is closed");
    };

    private final Thread owner;
    final Statements sql;
    private final Clock clock;
    private volatile HandleScope scope;
    private volatile ConnectionScope connections;

    /**
     * @param scope runs Jdbi work on the session's handle
     * @param connections runs plain-JDBC work on the same connection (or, for a session of one
     *     auto-commit statement, on a connection borrowed for that statement)
     */
    JdbcReadSession(Statements sql, HandleScope scope, ConnectionScope connections, Clock clock) {
        this.owner = Thread.currentThread();
        this.sql = sql;
        this.scope = scope;
        this.connections = connections;
        this.clock = clock;
    }

    /** Ends the session: every later call throws. */
    void close() {
        connections = CLOSED_CONNECTION;
        scope = CLOSED;
    }

    @SuppressWarnings("unchecked")
    final <R> R on(HandleCallback<R, RuntimeException> callback) {
        checkAccess();
        return (R) scope.call(callback);
    }

    /** Runs plain-JDBC work: the hot statements, which need no Jdbi handle. */
    @SuppressWarnings("unchecked")
    final <R> R onConnection(ConnectionScope.Work<R> work) {
        checkAccess();
        return (R) connections.call(work);
    }

    /** Throws unless the caller is the owner and the callback is still running. */
    private void checkAccess() {
        Thread current = Thread.currentThread();
        HandleScope s = scope;
        if (current != owner) {
            throw new IllegalStateException("the storage session is confined to thread '" + owner.getName()
                    + "' and valid only inside its callback; it was used from thread '" + current.getName()
                    + "'. Pass data out of the callback, not the session.");
        }
        if (s == CLOSED) {
            throw new IllegalStateException("the storage session is confined to thread '" + owner.getName()
                    + "' and valid only inside its callback; it was used after the callback returned."
                    + " Do all the transaction's work inside the callback.");
        }
    }

    @Override
    public long currentSequence(String tenant, String namespace) {
        return onConnection(c -> sql.namespaces().current(c, tenant, namespace));
    }

    @Override
    public FeedPosition position(String tenant, String namespace) {
        return on(h -> sql.namespaces().position(h, tenant, namespace));
    }

    @Override
    public List<String> namespaces(String tenant, String after, int limit) {
        return on(h -> sql.namespaces().names(h, tenant, after, limit));
    }

    @Override
    public List<String> sessions(String tenant, String after, int limit) {
        return on(h -> sql.conversations().sessions(h, tenant, after, limit));
    }

    @Override
    public OptionalInt dimension(String tenant, String namespace) {
        return on(h -> sql.namespaces().dimension(h, tenant, namespace));
    }

    @Override
    public List<StoredMemory> find(String tenant, String namespace, Collection<MemoryId> ids) {
        return onConnection(c -> sql.reads().find(c, tenant, namespace, ids, nowMicros()));
    }

    @Override
    public List<StoredMemory> findWithoutEmbeddings(String tenant, String namespace, Collection<MemoryId> ids) {
        return onConnection(c -> sql.reads().findWithoutEmbeddings(c, tenant, namespace, ids, nowMicros()));
    }

    @Override
    public List<MemoryId> findIds(String tenant, String namespace, Filter filter) {
        return on(h -> sql.reads().findIds(h, tenant, namespace, filter, nowMicros()));
    }

    @Override
    public List<StoredMemory> list(String tenant, String namespace, Filter filter, MemoryId after, int limit) {
        return on(h -> sql.reads().list(h, tenant, namespace, filter, after, limit, nowMicros()));
    }

    @Override
    public long count(String tenant, String namespace, Filter filter) {
        return on(h -> sql.reads().count(h, tenant, namespace, filter, nowMicros()));
    }

    @Override
    public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
        return on(h -> {
            // One transaction, so one snapshot: the counter, the rows and the tombstones agree.
            FeedPosition position = sql.namespaces().position(h, tenant, namespace);
            List<StoredMemory> upserts = sql.reads().upsertsSince(h, tenant, namespace, afterSeq);
            List<MemoryId> deletions = afterSeq == 0 ? List.of()
                    : sql.reads().deletionsSince(h, tenant, namespace, afterSeq);
            return new ChangeBatch(position.sequence(), upserts, deletions, position.incarnation());
        });
    }

    @Override
    public List<KeywordHit> keywordSearch(String tenant, List<String> namespaces, KeywordQuery query, Filter filter,
            int limit) {
        return on(h -> sql.keywords().search(h, tenant, namespaces, query.terms(), filter, limit, nowMicros()));
    }

    @Override
    public List<StoredMemory> findByContentHash(String tenant, String namespace, Collection<String> hashes) {
        return onConnection(c -> sql.reads().findByContentHash(c, tenant, namespace, hashes));
    }

    @Override
    public List<StoredMemory> findAnyState(String tenant, Collection<MemoryId> ids) {
        return onConnection(c -> sql.reads().find(c, tenant, null, ids, null));
    }

    @Override
    public List<MemoryRef> findExpired(long nowMicros, int limit) {
        return on(h -> sql.reads().findExpired(h, nowMicros, limit));
    }

    @Override
    public List<MemoryVersion> history(String tenant, String namespace, MemoryId id) {
        return on(h -> sql.history().history(h, tenant, namespace, id));
    }

    @Override
    public List<Link> links(String tenant, Collection<MemoryId> ids, Set<String> types, Direction direction) {
        return on(h -> sql.links().links(h, tenant, ids, types, direction));
    }

    @Override
    public Optional<Message> findMessage(String tenant, String sessionId, MemoryId messageId) {
        return on(h -> sql.conversations().find(h, tenant, sessionId, messageId));
    }

    @Override
    public List<Message> lastMessages(String tenant, String sessionId, int n) {
        return on(h -> sql.conversations().last(h, tenant, sessionId, n));
    }

    @Override
    public List<Message> messages(String tenant, String sessionId, long afterSeq, int limit) {
        return on(h -> sql.conversations().after(h, tenant, sessionId, afterSeq, limit));
    }

    @Override
    public long countMessages(String tenant, String sessionId) {
        return on(h -> sql.conversations().count(h, tenant, sessionId));
    }

    /** The store clock's now: what expiry is judged by and what rows are stamped with. */
    final long nowMicros() {
        return Micros.of(clock.instant());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{owner=" + owner.getName() + (scope == CLOSED ? ", closed" : ", open") + "}";
    }
}
