package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Message;
import dev.agentmemory.spi.NamespaceCounter;
import dev.agentmemory.spi.StoredMemory;
import dev.agentmemory.spi.WriteSession;
import java.time.Clock;
import java.util.List;

/**
 * Confined to the calling thread: the {@link WriteSession} of one write transaction. The same
 * confinement as {@link JdbcReadSession}, whose reads it has, plus the writes.
 */
final class JdbcWriteSession extends JdbcReadSession implements WriteSession {

    /** The savepoint a part of a grouped write runs in; one at a time, so one name. */
    private static final String PART = "agentmemory_part";

    /** True if the transaction is a {@code BEGIN} statement on an auto-commit connection (SQLite). */
    private final boolean explicit;
    /** Memories inserted so far; read by the runner after the commit. Confined like the session. */
    private long inserted;

    /**
     * @param explicit true if the transaction was opened with a statement on a connection in
     *     auto-commit mode, false if it is a JDBC transaction
     */
    JdbcWriteSession(Statements sql, HandleScope scope, ConnectionScope connections, Clock clock, boolean explicit) {
        super(sql, scope, connections, clock);
        this.explicit = explicit;
    }

    @Override
    public boolean undoesParts() {
        return true;
    }

    /**
     * Runs {@code work} in a savepoint. SQLite's gets SQL statements: sqlite-jdbc's
     * {@code Connection.setSavepoint} switches auto-commit off, which would end the explicit
     * {@code BEGIN IMMEDIATE} bracket; the others use the JDBC savepoint of their transaction.
     */
    @Override
    public <T> T undoable(java.util.function.Supplier<T> work) {
        java.sql.Savepoint savepoint = onConnection(c -> {
            if (explicit) {
                execute(c, "SAVEPOINT " + PART);
                return null;
            }
            return c.setSavepoint();
        });
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            try {
                onConnection(c -> {
                    if (explicit) {
                        execute(c, "ROLLBACK TO SAVEPOINT " + PART);
                        execute(c, "RELEASE SAVEPOINT " + PART);
                    } else {
                        c.rollback(savepoint);
                    }
                    return null;
                });
            } catch (RuntimeException undo) {
                e.addSuppressed(undo); // the transaction fails then, and rolls back as a whole
                throw new IllegalStateException("could not undo a failed part of a grouped write", e);
            }
            throw e;
        }
        onConnection(c -> {
            if (explicit) {
                execute(c, "RELEASE SAVEPOINT " + PART);
            } else {
                c.releaseSavepoint(savepoint);
            }
            return null;
        });
        return result;
    }

    private static void execute(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    @Override
    public void ensureNamespace(String tenant, String namespace) {
        on(h -> {
            sql.namespaces().ensure(h, tenant, namespace, nowMicros());
            return null;
        });
    }

    @Override
    public long advanceSequence(String tenant, String namespace, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        return on(h -> sql.namespaces().advance(h, tenant, namespace, count));
    }

    @Override
    public NamespaceCounter advanceCreating(String tenant, String namespace, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        return on(h -> sql.namespaces().advanceCreating(h, tenant, namespace, count, nowMicros()));
    }

    @Override
    public void setDimension(String tenant, String namespace, int dimension) {
        on(h -> {
            sql.namespaces().setDimension(h, tenant, namespace, dimension);
            return null;
        });
    }

    @Override
    public void insert(List<StoredMemory> rows) {
        on(h -> {
            sql.writes().insert(h, rows);
            return null;
        });
        inserted += rows.size();
    }

    /** The memories this session inserted. */
    long inserted() {
        return inserted;
    }

    @Override
    public boolean replace(StoredMemory row, long expectedVersion) {
        return on(h -> sql.writes().replace(h, row, expectedVersion));
    }

    @Override
    public int delete(String tenant, String namespace, List<MemoryId> ids, long firstSeq) {
        return on(h -> sql.writes().delete(h, tenant, namespace, ids, firstSeq, nowMicros()));
    }

    @Override
    public void archive(String tenant, String namespace, List<MemoryId> ids, long firstSeq, boolean deleted) {
        on(h -> {
            sql.history().archive(h, tenant, namespace, ids, firstSeq, deleted, nowMicros());
            return null;
        });
    }

    @Override
    public void trimHistory(String tenant, MemoryId id, int keep) {
        on(h -> {
            sql.history().trim(h, tenant, id, keep);
            return null;
        });
    }

    @Override
    public void link(String tenant, Link link) {
        on(h -> {
            sql.links().link(h, tenant, link);
            return null;
        });
    }

    @Override
    public boolean unlink(String tenant, MemoryId from, String type, MemoryId to) {
        return on(h -> sql.links().unlink(h, tenant, from, type, to));
    }

    @Override
    public long advanceConversation(String tenant, String sessionId, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        return on(h -> sql.conversations().advance(h, tenant, sessionId, count, nowMicros()));
    }

    @Override
    public void insertMessages(String tenant, String sessionId, List<Message> messages) {
        on(h -> {
            sql.conversations().insert(h, tenant, sessionId, messages);
            return null;
        });
    }

    @Override
    public long clearConversation(String tenant, String sessionId) {
        return on(h -> sql.conversations().clear(h, tenant, sessionId));
    }

    @Override
    public List<MemoryId> traces(String tenant, String namespace, int limit) {
        return on(h -> sql.erasure().traces(h, tenant, namespace, limit));
    }

    @Override
    public int erase(String tenant, String namespace, List<MemoryId> ids) {
        return on(h -> {
            // The namespace's lock first, as every writer takes it: erasure is ordered with them.
            sql.namespaces().reincarnate(h, tenant, namespace);
            return sql.erasure().erase(h, tenant, namespace, ids);
        });
    }

    @Override
    public boolean dropNamespace(String tenant, String namespace) {
        return on(h -> {
            if (!sql.namespaces().reincarnate(h, tenant, namespace)) {
                return true;
            }
            if (!sql.erasure().isEmpty(h, tenant, namespace)) {
                return false;
            }
            sql.erasure().dropNamespace(h, tenant, namespace);
            return true;
        });
    }

    @Override
    public int eraseMessages(String tenant, String sessionId, int limit) {
        return on(h -> sql.erasure().eraseMessages(h, tenant, sessionId, limit));
    }

    @Override
    public long eraseTenantRows(String tenant) {
        return on(h -> sql.erasure().eraseTenantRows(h, tenant));
    }
}
