package dev.agentmemory.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Thread-safe: share one instance among the pools of one database. When one connection reports
 * a failure that is evidence about the whole database rather than about that connection,
 * retires every connection of every attached pool, not just that one.
 *
 * <p>Why: HikariCP evicts only the connection that failed, and skips its liveness check for a
 * connection used within the last 500 ms. After a PostgreSQL restart or a mass
 * {@code pg_terminate_backend}, every pooled connection is dead, and a caller's retries could
 * each draw another dead one and run out (the "second request" bug). After H2's store fails to
 * write (a full disk), the embedded database is closed for every session until the last one
 * closes; then the next connection opens the file afresh. So on such evidence every attached
 * pool is soft-evicted: idle connections are closed now, borrowed ones when they are returned,
 * and the next borrow opens a fresh connection. At most once a second, so a burst of failures
 * does not churn the fresh connections too.
 *
 * <pre>{@code
 * PoolEviction eviction = new PoolEviction(e -> ErrorClassifier.isConnectionException(e.getSQLState()));
 * hikariConfig.setExceptionOverride(eviction);
 * eviction.attach(new HikariDataSource(hikariConfig));
 * }</pre>
 */
public final class PoolEviction implements SQLExceptionOverride {
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final Predicate<SQLException> evidence;
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
    private final AtomicLong lastEviction = new AtomicLong(System.nanoTime() - MIN_INTERVAL_NANOS);
    private final AtomicLong evictions = new AtomicLong();

    /**
     * Creates an eviction policy.
     *
     * @param evidence true for a failure that means every connection of the database is lost
     */
    public PoolEviction(Predicate<SQLException> evidence) {
        this.evidence = evidence;
    }

    /** Adds a pool to retire on evidence, once the pool exists. */
    public void attach(HikariDataSource pool) {
        pools.add(pool);
    }

    /** How many times the pools were evicted. */
    public long evictions() {
        return evictions.get();
    }

    // Spelled out: the interface's nested enum Override hides java.lang.Override in here.
    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        if (evidence.test(e)) {
            evictAll();
        }
        return SQLExceptionOverride.Override.CONTINUE_EVICT;
    }

    private void evictAll() {
        long now = System.nanoTime();
        long last = lastEviction.get();
        if (now - last < MIN_INTERVAL_NANOS || !lastEviction.compareAndSet(last, now)) {
            return;
        }
        boolean any = false;
        for (HikariDataSource pool : pools) {
            HikariPoolMXBean bean = pool.isClosed() ? null : pool.getHikariPoolMXBean();
            if (bean != null) {
                bean.softEvictConnections();
                any = true;
            }
        }
        if (any) {
            evictions.incrementAndGet();
        }
    }
}
