package dev.agentmemory.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.agentmemory.StoreClosedException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import dev.agentmemory.jdbc.internal.TransactionRunner;
import dev.agentmemory.spi.ReadWork;
import dev.agentmemory.spi.WriteWork;
import dev.agentmemory.spi.StorageEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance. The {@link StorageEngine} of every JDBC backend: Jdbi over
 * one HikariCP pool for writes and, optionally, another for reads.
 *
 * <p>Every call borrows a connection on the calling thread, runs the work in one transaction
 * with a session ({@link dev.agentmemory.spi.ReadSession} or {@link dev.agentmemory.spi.WriteSession}) confined to that thread and that call, and
 * returns the connection before it returns. A backend builds its pools and hands them over:
 *
 * <pre>{@code
 * JdbcEngine engine = JdbcEngine.builder("sqlite:./m.db", SqliteDialect.INSTANCE)
 *         .writer(writerPool).reader(readerPool).config(storeConfig).build();
 * }</pre>
 *
 * <p>A backend's provider extends {@link JdbcProvider}, configures its pools with
 * {@link JdbcPools}, and calls {@link Builder#abandon} if its set-up fails halfway: the pools,
 * the close actions and the failure's translation are then handled here, once for every backend.
 */
public final class JdbcEngine implements StorageEngine {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcEngine.class);

    private final String describe;
    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final Jdbi writer;
    private final Jdbi reader;
    /** The pool reads go to, as decorated: single-statement reads borrow from it without Jdbi. */
    private final DataSource readerSource;
    private final TransactionRunner runner;
    private final List<Runnable> beforeClose;
    private final List<Runnable> onClose;
    private final boolean keywords;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcEngine(Builder b) {
        this.describe = b.describe;
        this.writerPool = b.writer;
        this.readerPool = b.reader;
        UnaryOperator<DataSource> decorator = b.decorator;
        // Decorated outside the pool: each getConnection() is one borrow, each close() one return.
        this.writer = Jdbi.create(decorator.apply(b.writer));
        // Reads get a Jdbi of their own even on a shared pool: Jdbi reuses a thread's open handle
        // for nested calls on the same Jdbi, so a read through the store inside a transaction
        // callback would join the write transaction (and fail on its isolation level, or feed
        // uncommitted rows to the search index). Its own Jdbi borrows a second connection and
        // sees committed data only, as with a separate reader pool.
        this.readerSource = decorator.apply(b.reader == null ? b.writer : b.reader);
        this.reader = Jdbi.create(readerSource);
        this.runner = new TransactionRunner(b.dialect, describe, b.clock);
        this.beforeClose = List.copyOf(b.beforeClose);
        this.onClose = List.copyOf(b.onClose);
        this.keywords = b.dialect.supportsKeywordSearch();
    }

    /**
     * Starts building an engine.
     *
     * @param describe the backend and location, for example {@code sqlite:./m.db}; never a password
     * @param dialect the database's dialect
     */
    public static Builder builder(String describe, SqlDialect dialect) {
        return new Builder(describe, dialect);
    }

    /** True if the dialect has a keyword index ({@link SqlDialect#supportsKeywordSearch()}). */
    @Override
    public boolean supportsKeywordSearch() {
        return keywords;
    }

    @Override
    public String describe() {
        return describe;
    }

    /**
     * Runs {@code work} in one read transaction on the reader pool (or the writer pool if there
     * is none) that sees one consistent snapshot.
     *
     * @throws dev.agentmemory.StorageException if the database fails
     * @throws StoreClosedException if the engine is closed
     * @throws dev.agentmemory.MemoryStoreException whatever the work threw, after rollback
     */
    @Override
    public <T> T read(ReadWork<T> work) {
        checkOpen();
        return runner.read(reader, work);
    }

    /**
     * Runs {@code work}, which sends at most one statement, on the reader pool (or the writer
     * pool if there is none) in auto-commit mode, without a transaction bracket: on SQLite a
     * {@code get} is then one statement instead of {@code BEGIN}, two selects and {@code COMMIT}.
     *
     * @throws dev.agentmemory.StorageException if the database fails
     * @throws StoreClosedException if the engine is closed
     * @throws dev.agentmemory.MemoryStoreException whatever the work threw
     */
    @Override
    public <T> T readSingleStatement(ReadWork<T> work) {
        checkOpen();
        return runner.readSingleStatement(reader, readerSource, work);
    }

    /**
     * Runs {@code work} in one write transaction on the writer pool: committed when it
     * returns, rolled back when it throws.
     *
     * @throws dev.agentmemory.StorageException if the database fails
     * @throws StoreClosedException if the engine is closed
     * @throws dev.agentmemory.MemoryStoreException whatever the work threw, after rollback
     */
    @Override
    public <T> T write(WriteWork<T> work) {
        checkOpen();
        return runner.write(writer, work);
    }

    /**
     * The schema version and the result of the dialect's integrity check (see
     * {@link SqlDialect#integrityCheckStatement()}), on the reader pool.
     *
     * @throws dev.agentmemory.StorageException if the database fails
     * @throws StoreClosedException if the engine is closed
     */
    @Override
    public dev.agentmemory.StoreCheck check() {
        checkOpen();
        return runner.check(reader);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreClosedException("[" + describe + "] the storage engine is closed; open a new store");
        }
    }

    /** The pools: {@code writer} and {@code reader}, or one {@code shared} pool. */
    @Override
    public List<StoreStats.PoolStats> pools() {
        List<StoreStats.PoolStats> stats = new ArrayList<>(2);
        boolean shared = readerPool == null || readerPool == writerPool;
        stats.add(stats(shared ? "shared" : "writer", writerPool));
        if (!shared) {
            stats.add(stats("reader", readerPool));
        }
        return stats;
    }

    private static StoreStats.PoolStats stats(String role, HikariDataSource pool) {
        HikariPoolMXBean bean = pool.isClosed() ? null : pool.getHikariPoolMXBean();
        if (bean == null) {
            return new StoreStats.PoolStats(role, 0, 0, 0, 0);
        }
        return new StoreStats.PoolStats(role, bean.getTotalConnections(), bean.getActiveConnections(),
                bean.getIdleConnections(), bean.getThreadsAwaitingConnection());
    }

    /** Closes the pools and runs the backend's close actions. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release(describe, beforeClose, writerPool, readerPool, onClose);
        }
    }

    /**
     * Runs the actions that stop the pools' background users, closes the pools that exist, then
     * runs the close actions; logs what fails and goes on.
     */
    private static void release(String describe, List<Runnable> beforeClose, HikariDataSource writer,
            HikariDataSource reader, List<Runnable> onClose) {
        beforeClose.forEach(action -> quietly(describe, "stop a background task", action));
        if (reader != null && reader != writer) {
            quietly(describe, "close the reader pool", reader::close);
        }
        if (writer != null) {
            quietly(describe, "close the writer pool", writer::close);
        }
        onClose.forEach(action -> quietly(describe, "run a close action", action));
    }

    private static void quietly(String describe, String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("[{}] could not {}: {}", describe, what, e.toString());
        }
    }

    @Override
    public String toString() {
        return "JdbcEngine{" + describe + (closed.get() ? ", closed" : "") + "}";
    }

    /** Confined to the calling thread: builds a {@link JdbcEngine}. */
    public static final class Builder {
        private final String describe;
        private final SqlDialect dialect;
        private HikariDataSource writer;
        private HikariDataSource reader;
        private UnaryOperator<DataSource> decorator = UnaryOperator.identity();
        private Clock clock = Clock.systemUTC();
        private final List<Runnable> beforeClose = new ArrayList<>();
        private final List<Runnable> onClose = new ArrayList<>();
        private boolean released;

        private Builder(String describe, SqlDialect dialect) {
            this.describe = Objects.requireNonNull(describe, "describe");
            this.dialect = Objects.requireNonNull(dialect, "dialect");
        }

        /**
         * Sets the pool for write transactions (and reads, if no reader pool is set). The
         * engine owns it from now on and closes it.
         *
         * @return this builder
         */
        public Builder writer(HikariDataSource pool) {
            this.writer = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /**
         * Sets a separate pool for read transactions. The engine owns it and closes it.
         *
         * @return this builder
         */
        public Builder reader(HikariDataSource pool) {
            this.reader = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /**
         * Takes what the engine needs of {@code config}: the
         * {@link JdbcSettings#DATA_SOURCE_DECORATOR}, and the clock by which expiry is judged.
         *
         * @return this builder
         */
        public Builder config(StoreConfig config) {
            this.decorator = config.attribute(JdbcSettings.DATA_SOURCE_DECORATOR).orElse(UnaryOperator.identity());
            this.clock = config.clock();
            return this;
        }

        /**
         * Adds an action run before the pools are closed, to stop a background task of the
         * backend that borrows pooled connections (SQLite's WAL checkpointer): a connection still
         * borrowed when its pool closes makes HikariCP wait up to ten seconds for it, and log
         * that it waited.
         *
         * @return this builder
         */
        public Builder beforeClose(Runnable action) {
            beforeClose.add(Objects.requireNonNull(action, "action"));
            return this;
        }

        /**
         * Adds an action run after the pools are closed, for example deleting a temporary file.
         *
         * @return this builder
         */
        public Builder onClose(Runnable action) {
            onClose.add(Objects.requireNonNull(action, "action"));
            return this;
        }

        /**
         * Gives up opening: closes the pools set so far, runs the close actions added so far
         * (for example releasing a temporary file), and returns the failure to throw. A backend
         * calls it when its set-up fails before {@link #build}, which cleans up after itself.
         *
         * <pre>{@code
         * try {
         *     builder.writer(new HikariDataSource(writerConfig)).reader(new HikariDataSource(readerConfig));
         * } catch (RuntimeException e) {
         *     throw builder.abandon(e);
         * }
         * return builder.build();
         * }</pre>
         *
         * @param failure what went wrong
         * @return {@code failure} itself if it is a {@link dev.agentmemory.MemoryStoreException}
         *     (already a message for the caller, such as an invalid property), else the
         *     failure translated by the dialect's {@link ErrorClassifier}
         */
        public RuntimeException abandon(Throwable failure) {
            if (!released) {
                released = true;
                release(describe, beforeClose, writer, reader, onClose);
            }
            return failure instanceof dev.agentmemory.MemoryStoreException m ? m
                    : new ErrorClassifier(dialect, describe).translate(failure);
        }

        /**
         * Builds the engine and brings the schema to the latest version.
         *
         * @throws IllegalStateException if no writer pool was set
         * @throws dev.agentmemory.StorageException if the database fails; the pools are closed
         * @throws dev.agentmemory.MemoryStoreException with
         *     {@link dev.agentmemory.ErrorCode#INVALID_CONFIG} if the schema is newer than this library
         */
        public JdbcEngine build() {
            if (writer == null) {
                throw new IllegalStateException("a JdbcEngine needs a writer pool");
            }
            JdbcEngine engine = new JdbcEngine(this);
            try {
                engine.runner.migrate(engine.writer);
            } catch (RuntimeException e) {
                released = true;
                engine.close();
                throw e;
            }
            return engine;
        }
    }
}
