package dev.agentmemory.jdbc.internal;

import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StoreCheck;
import dev.agentmemory.jdbc.ErrorClassifier;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.ReadWork;
import dev.agentmemory.spi.WriteWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance. Runs work in one transaction on a handle borrowed for the
 * call, on the calling thread, and translates database failures.
 *
 * <p>The handle is opened, used and closed (returned to the pool) inside one
 * {@link Jdbi#withHandle} call. Dialects that open transactions with a statement (SQLite's
 * {@code BEGIN IMMEDIATE}) get an explicit {@code BEGIN ... COMMIT/ROLLBACK} bracket on a
 * connection in auto-commit mode; the others get JDBC transactions.
 */
public final class TransactionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);
    /** Write transactions inserting at least this many memories check the planner's statistics. */
    static final int BULK_INSERT = 1_000;
    /** The shortest time between two statistics refreshes of one store. */
    private static final long REFRESH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long NEVER = Long.MIN_VALUE;
    private final SqlDialect dialect;
    private final Statements sql;
    private final ErrorClassifier classifier;
    private final String describe;
    private final Clock clock;
    /** When this runner last refreshed the planner's statistics (System.nanoTime), or {@link #NEVER}. */
    private final AtomicLong lastRefreshNanos = new AtomicLong(NEVER);

    /**
     * Creates a runner on the system clock.
     *
     * @param dialect the database's dialect
     * @param describe the engine's description, for messages
     */
    public TransactionRunner(SqlDialect dialect, String describe) {
        this(dialect, describe, Clock.systemUTC());
    }

    /**
     * Creates a runner.
     *
     * @param dialect the database's dialect
     * @param describe the engine's description, for messages
     * @param clock the store's clock: expiry is judged and rows are stamped by it
     */
    public TransactionRunner(SqlDialect dialect, String describe, Clock clock) {
        this.dialect = dialect;
        this.describe = describe;
        this.clock = clock;
        this.sql = Statements.of(dialect);
        this.classifier = new ErrorClassifier(dialect, describe);
    }

    /**
     * Runs {@code work} with a confined read session in one read transaction.
     *
     * @throws MemoryStoreException whatever the work threw, unchanged, after rollback
     * @throws dev.agentmemory.StorageException if the database failed
     */
    public <T> T read(Jdbi jdbi, ReadWork<T> work) {
        return translating(() -> inTransaction(jdbi, false, h -> confined(new JdbcReadSession(sql,
                callback -> callback.withHandle(h), plain -> on(h.getConnection(), plain), clock), work::run)));
    }

    /**
     * Runs {@code work} with a confined write session in one write transaction.
     *
     * @throws MemoryStoreException whatever the work threw, unchanged, after rollback
     * @throws dev.agentmemory.StorageException if the database failed
     */
    public <T> T write(Jdbi jdbi, WriteWork<T> work) {
        boolean explicit = dialect.beginWriteStatement().isPresent();
        long[] inserted = new long[1];
        T result = translating(() -> inTransaction(jdbi, true, h -> {
            JdbcWriteSession session = new JdbcWriteSession(sql, callback -> callback.withHandle(h),
                    plain -> on(h.getConnection(), plain), clock, explicit);
            try {
                return confined(session, work::run);
            } finally {
                inserted[0] = session.inserted();
            }
        }));
        if (inserted[0] >= BULK_INSERT) {
            refreshStatistics(jdbi, inserted[0]);
        }
        return result;
    }

    /**
     * After a committed bulk insert: refreshes the planner's statistics (see
     * {@link SqlDialect#statisticsRefresh}), at most once per {@link #REFRESH_INTERVAL_NANOS}
     * per store, so that a long ingest in batches pays one {@code ANALYZE} every few seconds,
     * not one per batch. Every bulk insert refreshes, not only those that grow the table by a
     * tenth: a new tenant or namespace filled in bulk into a large table is as unknown to the
     * planner as a new table. The write is committed already, so a failure here is logged,
     * never thrown.
     */
    private void refreshStatistics(Jdbi jdbi, long inserted) {
        List<String> refresh = dialect.statisticsRefresh();
        long now = System.nanoTime();
        long last = lastRefreshNanos.get();
        if (refresh.isEmpty() || (last != NEVER && now - last < REFRESH_INTERVAL_NANOS)
                || !lastRefreshNanos.compareAndSet(last, now)) {
            return;
        }
        try {
            jdbi.useHandle(h -> {
                for (String statement : refresh) {
                    h.execute(statement);
                }
            });
            LOG.debug("[{}] refreshed the planner's statistics after inserting {} memories", describe, inserted);
        } catch (RuntimeException e) {
            LOG.warn("[{}] could not refresh the planner's statistics after a bulk insert: {}", describe,
                    e.getMessage());
        }
    }

    /** Runs the work with the session, which captured the local handle and drops it when the work returns. */
    private static <S extends JdbcReadSession, T> T confined(S session, java.util.function.Function<S, T> work) {
        try {
            return work.apply(session);
        } finally {
            session.close();
        }
    }

    /**
     * Runs {@code work}, which sends at most one statement, with a read-only session on a
     * connection in auto-commit mode: no {@code BEGIN}/{@code COMMIT}, since one statement sees
     * one snapshot on its own (every pool of ours hands out auto-commit connections).
     *
     * <p>No Jdbi handle is opened for a statement sent with plain JDBC (a {@code get} by id,
     * the freshness check): the statement borrows a connection from {@code source} and returns
     * it. One sent through Jdbi gets a handle of {@code jdbi} for itself. Either way one
     * statement, so one borrow; and since nothing spans two statements, nothing needs them on
     * one connection.
     *
     * @param jdbi the Jdbi over {@code source}
     * @param source the pool (as decorated for the engine)
     * @throws MemoryStoreException whatever the work threw, unchanged
     * @throws dev.agentmemory.StorageException if the database failed
     */
    public <T> T readSingleStatement(Jdbi jdbi, DataSource source, ReadWork<T> work) {
        return translating(() -> confined(new JdbcReadSession(sql, callback -> jdbi.withHandle(callback),
                plain -> borrowing(source, plain), clock), work::run));
    }

    /** Runs plain-JDBC work on the connection of the transaction in progress. */
    private static Object on(Connection c, ConnectionScope.Work<?> work) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /** Runs plain-JDBC work on a connection borrowed for it and returned before this returns. */
    private static Object borrowing(DataSource source, ConnectionScope.Work<?> work) {
        try (Connection c = source.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /**
     * Brings the schema to the latest version in one write transaction.
     *
     * @return the number of migrations applied
     * @throws dev.agentmemory.StorageException if the database failed
     * @throws MemoryStoreException with {@link dev.agentmemory.ErrorCode#INVALID_CONFIG} if the
     *     schema is newer than this library
     */
    public int migrate(Jdbi jdbi) {
        Migrator migrator = new Migrator(dialect, describe);
        return translating(() -> inTransaction(jdbi, true, h -> migrator.migrate(h, Micros.of(clock.instant()))));
    }

    /**
     * The schema version and the database's own integrity check, on a connection in auto-commit
     * mode (SQLite's {@code PRAGMA integrity_check} runs outside a transaction).
     *
     * @throws dev.agentmemory.StorageException if the database failed
     */
    public StoreCheck check(Jdbi jdbi) {
        return translating(() -> jdbi.withHandle(h -> {
            OptionalInt version = OptionalInt.of(Migrator.currentVersion(h));
            Optional<String> statement = dialect.integrityCheckStatement();
            if (statement.isEmpty()) {
                return new StoreCheck(describe, version, StoreCheck.Integrity.NOT_AVAILABLE,
                        dialect.integrityCheckUnavailable());
            }
            List<String> rows = h.createQuery(statement.get()).mapTo(String.class).list();
            boolean ok = rows.size() == 1 && rows.get(0).equalsIgnoreCase("ok");
            return new StoreCheck(describe, version, ok ? StoreCheck.Integrity.OK : StoreCheck.Integrity.DAMAGED,
                    String.join("; ", rows));
        }));
    }

    /**
     * Translates a database failure into a {@link dev.agentmemory.StorageException}.
     *
     * @return the translated exception, to throw
     */
    public RuntimeException translate(RuntimeException failure) {
        return isDatabaseFailure(failure) ? classifier.translate(failure) : failure;
    }

    private <T> T translating(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (MemoryStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    private <T> T inTransaction(Jdbi jdbi, boolean write, HandleCallback<T, RuntimeException> body) {
        Optional<String> begin = write ? dialect.beginWriteStatement() : dialect.beginReadStatement();
        if (begin.isPresent()) {
            return jdbi.withHandle(h -> explicit(h, begin.get(), body));
        }
        return jdbi.withHandle(h -> write ? h.inTransaction(body)
                : h.inTransaction(TransactionIsolationLevel.valueOf(dialect.readIsolation()), body));
    }

    private static <T> T explicit(Handle h, String begin, HandleCallback<T, RuntimeException> body) {
        execute(h, begin);
        T result;
        try {
            result = body.withHandle(h);
        } catch (Throwable t) {
            rollback(h, t);
            throw t;
        }
        try {
            execute(h, "COMMIT");
        } catch (RuntimeException e) {
            // A failed COMMIT (SQLITE_BUSY) leaves the transaction open: end it before the
            // connection goes back to the pool.
            rollback(h, e);
            throw e;
        }
        return result;
    }

    private static void rollback(Handle h, Throwable failure) {
        try {
            execute(h, "ROLLBACK");
        } catch (RuntimeException e) {
            // SQLite rolls back by itself after some errors (disk full, I/O); then there is
            // nothing left to roll back and this fails harmlessly.
            failure.addSuppressed(e);
        }
    }

    /**
     * Sends a transaction-control statement with plain JDBC: two of them bracket every SQLite
     * transaction, and Jdbi's per-statement work (configuration copy, parse, statement context)
     * cost more than SQLite's own for them. Prepared, not a plain {@code Statement}, so that a
     * driver-level statement cache (SQLite's pools have one) compiles it once per connection.
     */
    private static void execute(Handle h, String sql) {
        try (PreparedStatement st = h.getConnection().prepareStatement(sql)) {
            st.execute();
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    static boolean isDatabaseFailure(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof JdbiException) {
                return true;
            }
        }
        return false;
    }
}
