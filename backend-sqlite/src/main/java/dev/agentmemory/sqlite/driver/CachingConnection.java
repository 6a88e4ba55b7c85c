package dev.agentmemory.sqlite.driver;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Confined by the pool to the thread that borrowed the connection; its cache methods are
 * {@code synchronized} all the same, so that the pool's housekeeping thread, which closes
 * retired connections, sees the cache as the last borrower left it. The invocation handler
 * behind one physical SQLite connection with a statement cache.
 *
 * <p>What is cached: {@code prepareStatement(sql)} and
 * {@code prepareStatement(sql, TYPE_FORWARD_ONLY, CONCUR_READ_ONLY)} (Jdbi's form), keyed by
 * the SQL text. Every other call goes to the physical connection unchanged. When the same SQL
 * is prepared again while its cached statement is still open (a nested use), the second gets a
 * statement of its own, closed for real when it is closed.
 *
 * <p>Each {@code prepareStatement} hands out a fresh lease ({@link StatementLease}); closing
 * the lease closes the result set it opened (which resets the statement, ending any read it
 * held), clears the parameters and the batch, and puts the statement back. A statement that
 * failed during its lease is closed for real instead of being kept: sqlite-jdbc finalizes a
 * statement on some errors, and a statement in an unknown state is not worth keeping.
 * Closing the connection closes every cached statement first.
 */
final class CachingConnection implements InvocationHandler {
    private static final Class<?>[] PREPARED = {PreparedStatement.class};

    private final Connection physical;
    private final int capacity;
    /** Access-ordered: the eldest entry is the least recently used. */
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(32, 0.75f, true);

    CachingConnection(Connection physical, int capacity) {
        this.physical = physical;
        this.capacity = capacity;
    }

    /** One cached statement and whether a lease holds it now. */
    static final class Cached {
        final PreparedStatement statement;
        boolean leased;
        boolean evicted;

        Cached(PreparedStatement statement) {
            this.statement = statement;
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("prepareStatement") && cacheable(args)) {
            return lease((Connection) proxy, (String) args[0]);
        }
        if (name.equals("close") && args == null) {
            closeCached();
        } else if (name.equals("abort")) {
            forgetCached();
        } else if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
        } else if (name.equals("isWrapperFor") && ((Class<?>) args[0]).isInstance(proxy)) {
            return true;
        } else if (name.equals("equals")) {
            return proxy == args[0];
        } else if (name.equals("hashCode")) {
            return System.identityHashCode(proxy);
        }
        try {
            return method.invoke(physical, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean cacheable(Object[] args) {
        if (args.length == 1) {
            return true;
        }
        return args.length == 3 && args[1] instanceof Integer type && type == ResultSet.TYPE_FORWARD_ONLY
                && args[2] instanceof Integer concurrency && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    private PreparedStatement lease(Connection proxy, String sql) throws SQLException {
        Cached cached;
        synchronized (this) {
            cached = cache.get(sql);
            if (cached != null && cached.leased) {
                cached = null; // nested use of the same SQL: a statement of its own, not cached
            } else if (cached != null) {
                cached.leased = true;
            }
        }
        boolean own = false;
        if (cached == null) {
            cached = new Cached(physical.prepareStatement(sql));
            synchronized (this) {
                own = cache.containsKey(sql); // held by an open lease: this one stays uncached
                if (!own) {
                    cached.leased = true;
                    cache.put(sql, cached);
                    evictBeyondCapacity();
                }
            }
        }
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(), PREPARED,
                new StatementLease(this, proxy, cached, own));
    }

    private void evictBeyondCapacity() throws SQLException {
        Iterator<Cached> eldest = cache.values().iterator();
        while (cache.size() > capacity && eldest.hasNext()) {
            Cached c = eldest.next();
            eldest.remove();
            if (c.leased) {
                c.evicted = true; // closed by its lease when it ends
            } else {
                c.statement.close();
            }
        }
    }

    /**
     * Ends a lease: the statement goes back to the cache, or is closed when it is not cached,
     * was evicted meanwhile, or failed.
     */
    void giveBack(Cached cached, boolean own, boolean failed) throws SQLException {
        boolean close;
        synchronized (this) {
            cached.leased = false;
            close = own || cached.evicted || failed;
            if (failed && !own && !cached.evicted) {
                cache.values().remove(cached);
            }
        }
        if (close) {
            cached.statement.close();
        }
    }

    private void closeCached() {
        List<Cached> all;
        synchronized (this) {
            all = new ArrayList<>(cache.values());
            cache.clear();
        }
        for (Cached c : all) {
            try {
                c.statement.close();
            } catch (SQLException | RuntimeException e) {
                // The connection closes next, which releases every statement it still has.
            }
        }
    }

    private synchronized void forgetCached() {
        for (Map.Entry<String, Cached> e : cache.entrySet()) {
            e.getValue().evicted = true;
        }
        cache.clear();
    }
}
