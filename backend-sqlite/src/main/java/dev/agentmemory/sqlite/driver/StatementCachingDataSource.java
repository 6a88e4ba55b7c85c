package dev.agentmemory.sqlite.driver;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Thread-safe (it holds only the data source it wraps): the source of a SQLite pool's physical
 * connections, each wrapped so that it keeps its prepared statements compiled between uses.
 *
 * <p>sqlite-jdbc compiles the SQL anew on every {@code prepareStatement} call and has no
 * statement cache of its own (xerial/sqlite-jdbc#614), and HikariCP leaves statement caching
 * to the driver. On this store's hot paths compiling cost more than running: a {@code get} by
 * id spent about 60% of its time in {@code sqlite3_prepare}. Each wrapped connection keeps up
 * to {@code capacity} statements, least recently used evicted, keyed by their SQL text; see
 * {@link CachingConnection} for what is cached and how a statement is cleaned between uses.
 */
public final class StatementCachingDataSource implements DataSource {
    private final DataSource physical;
    private final int capacity;

    /**
     * Wraps a data source.
     *
     * @param physical the driver's data source, which opens the physical connections
     * @param capacity the most statements kept per connection; 0 turns the cache off
     */
    public StatementCachingDataSource(DataSource physical, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity is " + capacity + "; use 0 or more");
        }
        this.physical = physical;
        this.capacity = capacity;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(physical.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return wrap(physical.getConnection(user, password));
    }

    private Connection wrap(Connection c) {
        if (capacity == 0) {
            return c;
        }
        return new CachingConnection(c, capacity);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return physical.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        physical.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        physical.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return physical.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return physical.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : physical.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || physical.isWrapperFor(type);
    }
}
