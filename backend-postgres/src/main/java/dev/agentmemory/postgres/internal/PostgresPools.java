package dev.agentmemory.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.jdbc.JdbcPools;
import dev.agentmemory.jdbc.PoolEviction;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Thread-safe: static methods only. Builds the one HikariCP pool of a PostgreSQL store and the
 * pgjdbc data source under it.
 *
 * <p>One pool serves reads and writes: PostgreSQL runs them in parallel on any connection
 * (MVCC), so a split would only strand connections in the idler half. What keeps a stale
 * connection from reaching a caller, layer by layer:
 * <ul>
 *   <li>HikariCP validates a connection with JDBC4 {@code isValid} before handing it out when
 *       it sat idle for more than 500 ms, and pings idle ones every {@code keepaliveTime};
 *   <li>connections retire after {@code maxLifetime}, below the limits of proxies and
 *       load balancers, so none is cut under a caller by an idle timeout;
 *   <li>HikariCP evicts a connection as soon as it reports a connection-class SQLState
 *       ({@code 08xxx}, {@code 57P01}...), so a dead one is never handed out twice, and
 *       {@link PoolEviction} then retires the rest of the pool, which the same
 *       restart killed;
 *   <li>pgjdbc's {@code socketTimeout} bounds every read, {@code connectTimeout} every
 *       connect, and TCP keepalive lets the kernel notice a peer that vanished;
 *   <li>what is left (a connection that died within the 500 ms window, or mid-call) fails with
 *       an unknown-outcome {@code StorageException}, which core retries for idempotent
 *       operations.
 * </ul>
 */
final class PostgresPools {
    /** HikariCP's name for the pool; it starts every pool message ("... - Connection is not available"). */
    static final String POOL_NAME = "agent-memory-postgres";

    private PostgresPools() {}

    /** The pgjdbc data source every connection comes from, pool or not. */
    static PGSimpleDataSource dataSource(PostgresLocation location, PostgresSettings settings) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(location.jdbcUrl());
        if (settings.user() != null) {
            ds.setUser(settings.user());
        }
        if (settings.password() != null) {
            ds.setPassword(settings.password());
        }
        if (settings.schema() != null) {
            ds.setCurrentSchema(settings.schema());
        }
        ds.setConnectTimeout(settings.connectTimeoutSeconds());
        ds.setLoginTimeout(settings.connectTimeoutSeconds());
        ds.setSocketTimeout(settings.socketTimeoutSeconds());
        ds.setTcpKeepAlive(settings.tcpKeepAlive());
        // One multi-row INSERT per batch instead of one round trip per row: putAll of 1000
        // memories is a handful of statements.
        ds.setReWriteBatchedInserts(true);
        ds.setApplicationName(settings.applicationName());
        return ds;
    }

    /** The pool. Opens {@code minIdle} connections, failing at once if the server cannot be reached. */
    static HikariDataSource pool(PGSimpleDataSource dataSource, PostgresSettings settings) {
        HikariConfig config = JdbcPools.config(POOL_NAME, dataSource, settings.poolSize(), settings.minIdle(),
                settings.connectionTimeoutMillis());
        config.setValidationTimeout(settings.validationTimeoutMillis());
        config.setKeepaliveTime(settings.keepaliveTimeMillis());
        config.setMaxLifetime(settings.maxLifetimeMillis());
        if (settings.minIdle() < settings.poolSize()) {
            // Only a pool that shrinks has idle connections to close; HikariCP warns otherwise.
            config.setIdleTimeout(settings.idleTimeoutMillis());
        }
        // One statement per new connection, through any pooler in front of the server (a
        // startup option would be refused by some); the value is one of a fixed set.
        settings.planCacheMode().ifPresent(mode -> config.setConnectionInitSql("SET plan_cache_mode = " + mode));
        // Fail the open, not the first call, when the server cannot be reached.
        config.setInitializationFailTimeout(1);
        PoolEviction eviction = new PoolEviction(e -> PostgresStates.serverGone(e.getSQLState()));
        config.setExceptionOverride(eviction);
        HikariDataSource pool = new HikariDataSource(config);
        eviction.attach(pool);
        return pool;
    }
}
