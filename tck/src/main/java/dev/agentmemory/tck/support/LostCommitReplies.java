package dev.agentmemory.tck.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Thread-safe: share one instance per store under test. Injects the fault of a server that
 * dies after it committed and before its reply arrived: the commit really happens, then the
 * caller gets SQLState {@code 08006} ("connection failure"), so the outcome looks unknown.
 *
 * <p>Install its {@link #decorator()} with {@code JdbcSettings.DATA_SOURCE_DECORATOR}; it sees
 * both ways a backend commits: {@link Connection#commit()} and a {@code COMMIT} statement (the
 * SQLite backend's explicit transactions). Each {@link #arm(int)} makes that many later commits
 * fail this way; unarmed, it only passes calls through.
 */
public final class LostCommitReplies {
    /** The SQLState of the injected failure: connection failure, class 08. */
    public static final String SQL_STATE = "08006";

    private final AtomicInteger armed = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();

    /** Creates an unarmed injector. */
    public LostCommitReplies() {}

    /** Makes the next {@code commits} commits lose their reply. */
    public void arm(int commits) {
        armed.addAndGet(commits);
    }

    /** How many replies were lost so far. */
    public int injected() {
        return injected.get();
    }

    /** The decorator to install with {@code JdbcSettings.DATA_SOURCE_DECORATOR}. */
    public UnaryOperator<DataSource> decorator() {
        return ds -> proxy(DataSource.class, ds, (target, method, args) -> {
            Object result = call(target, method, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    private Connection connection(Connection c) {
        return proxy(Connection.class, c, (target, method, args) -> {
            Object result = call(target, method, args);
            if (method.getName().equals("commit")) {
                afterCommit();
            } else if (result instanceof Statement s && Statement.class.isAssignableFrom(method.getReturnType())) {
                boolean prepared = args != null && args.length > 0 && args[0] instanceof String sql && isCommit(sql);
                return statement(method.getReturnType().asSubclass(Statement.class), s, prepared);
            }
            return result;
        });
    }

    private <S extends Statement> S statement(Class<S> type, Statement s, boolean preparedCommit) {
        return proxy(type, type.cast(s), (target, method, args) -> {
            Object result = call(target, method, args);
            boolean execute = method.getName().startsWith("execute");
            boolean commit = preparedCommit ? args == null || args.length == 0
                    : args != null && args.length > 0 && args[0] instanceof String sql && isCommit(sql);
            if (execute && commit) {
                afterCommit();
            }
            return result;
        });
    }

    private void afterCommit() throws SQLException {
        if (armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            injected.incrementAndGet();
            throw new SQLException("injected fault: the connection was lost after the commit, before its reply",
                    SQL_STATE);
        }
    }

    private static boolean isCommit(String sql) {
        return sql.trim().toUpperCase(Locale.ROOT).equals("COMMIT");
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private interface Handler {
        Object invoke(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler h = (p, method, args) -> handler.invoke(target, method, args);
        return type.cast(Proxy.newProxyInstance(LostCommitReplies.class.getClassLoader(), new Class<?>[] {type}, h));
    }
}
