package dev.agentmemory.jdbc;

import com.zaxxer.hikari.HikariConfig;
import javax.sql.DataSource;

/**
 * Thread-safe: static methods only. The HikariCP set-up every JDBC backend shares; a backend
 * adds what its database needs (an init statement, keepalive, eviction) to the configuration
 * before it creates the pool.
 */
public final class JdbcPools {
    private JdbcPools() {}

    /**
     * A pool configuration over {@code dataSource}: connections in auto-commit mode (the engine
     * opens every transaction itself), at most {@code maxSize}, {@code minIdle} kept open, and a
     * borrow that waits at most {@code connectionTimeoutMillis} before it fails with a retryable
     * error naming the pool state.
     *
     * @param poolName HikariCP's name for the pool, which starts its messages and names its threads
     * @param dataSource the driver's data source, already configured
     * @param maxSize the most connections
     * @param minIdle the connections kept open when idle
     * @param connectionTimeoutMillis the longest wait for a connection
     * @return a configuration to complete and pass to {@code new HikariDataSource(config)}
     * @throws IllegalArgumentException if a number is out of HikariCP's range
     */
    public static HikariConfig config(String poolName, DataSource dataSource, int maxSize, int minIdle,
            long connectionTimeoutMillis) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setPoolName(poolName);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(minIdle);
        config.setAutoCommit(true);
        config.setConnectionTimeout(connectionTimeoutMillis);
        return config;
    }
}
