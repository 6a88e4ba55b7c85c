package dev.agentmemory.sqlite.driver;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Confined to the thread that borrowed the connection, as the statement it lends: one use of
 * a cached statement, from {@code prepareStatement} to {@code close}. After {@code close} this
 * lease refuses every call, so a caller that kept it cannot reach the statement's next use.
 */
final class StatementLease implements InvocationHandler {
    private final CachingConnection owner;
    private final Connection connection;
    private final CachingConnection.Cached cached;
    private final boolean own;
    private ResultSet results;
    private boolean rowsWaiting;
    private boolean closed;
    private boolean failed;

    StatementLease(CachingConnection owner, Connection connection, CachingConnection.Cached cached, boolean own) {
        this.owner = owner;
        this.connection = connection;
        this.cached = cached;
        this.own = own;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "close":
                close();
                return null;
            case "isClosed":
                return closed;
            case "getConnection":
                return connection;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "cached " + cached.statement;
            default:
                break;
        }
        if (closed) {
            throw new SQLException("statement is closed", "HY010");
        }
        if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
        }
        try {
            Object result = method.invoke(cached.statement, args);
            if (result instanceof ResultSet rs) {
                results = rs;
            } else if (name.equals("execute")) {
                rowsWaiting = Boolean.TRUE.equals(result);
            }
            return result;
        } catch (InvocationTargetException e) {
            failed = true;
            throw e.getCause();
        }
    }

    private void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (results == null && rowsWaiting) {
                results = cached.statement.getResultSet(); // execute() found rows nobody asked for
            }
            if (results != null) {
                results.close(); // resets the statement: a half-read query holds a WAL snapshot
            }
            cached.statement.clearParameters();
            cached.statement.clearBatch();
        } catch (SQLException | RuntimeException e) {
            failed = true;
        }
        owner.giveBack(cached, own, failed);
    }
}
