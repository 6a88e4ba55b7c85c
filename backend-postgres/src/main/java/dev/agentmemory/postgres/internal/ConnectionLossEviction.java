package dev.agentmemory.postgres.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe: share one instance per pool. When one connection reports that the server is
 * gone, retires every connection of the pool, not just that one.
 *
 * <p>Why: HikariCP skips its liveness check for a connection used within the last 500 ms.
 * After a server restart or a mass {@code pg_terminate_backend}, every such connection is dead,
 * and HikariCP would evict them one failed call at a time: a caller's retries could each draw
 * another dead connection and run out (the "second request" bug). A connection-class SQLState
 * ({@code 08xxx}) or a server shutdown ({@code 57P01..57P03}) is evidence about the server,
 * so the whole pool is soft-evicted: idle connections are closed now, borrowed ones when they
 * are returned, and the next borrow opens a fresh connection. At most once a second, so a burst
 * of failures does not churn the fresh connections too.
 */
final class ConnectionLossEviction implements SQLExceptionOverride {
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final AtomicReference<HikariDataSource> pool = new AtomicReference<>();
    private final AtomicLong lastEviction = new AtomicLong(System.nanoTime() - MIN_INTERVAL_NANOS);
    private final AtomicLong evictions = new AtomicLong();

    /** Connects this to the pool it watches, once the pool exists. */
    void attach(HikariDataSource dataSource) {
        pool.set(dataSource);
    }

    /** How many times the pool was evicted. */
    long evictions() {
        return evictions.get();
    }

    // Spelled out: the interface's nested enum Override hides java.lang.Override in here.
    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        if (serverGone(e.getSQLState())) {
            evictAll();
        }
        return SQLExceptionOverride.Override.CONTINUE_EVICT;
    }

    static boolean serverGone(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private void evictAll() {
        long now = System.nanoTime();
        long last = lastEviction.get();
        if (now - last < MIN_INTERVAL_NANOS || !lastEviction.compareAndSet(last, now)) {
            return;
        }
        HikariDataSource ds = pool.get();
        HikariPoolMXBean bean = ds == null || ds.isClosed() ? null : ds.getHikariPoolMXBean();
        if (bean != null) {
            bean.softEvictConnections();
            evictions.incrementAndGet();
        }
    }
}
