package dev.agentmemory.tck.confinement;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Thread-safe: a {@link DataSource} whose every {@code getConnection} is a borrow recorded by a
 * {@link ConfinementChecker} and whose connections are confined to the borrowing thread.
 */
final class CheckedDataSource implements DataSource {
    private final DataSource delegate;
    private final ConfinementChecker checker;

    CheckedDataSource(DataSource delegate, ConfinementChecker checker) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.checker = checker;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return checker.borrowed(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return checker.borrowed(delegate.getConnection(username, password));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "CheckedDataSource[" + delegate + "]";
    }
}
