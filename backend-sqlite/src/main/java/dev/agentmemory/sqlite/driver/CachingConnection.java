package dev.agentmemory.sqlite.driver;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Confined by the pool to the thread that borrowed the connection; its cache methods are
 * {@code synchronized} all the same, so that the pool's housekeeping thread, which closes
 * retired connections, sees the cache as the last borrower left it. One physical SQLite
 * connection with a statement cache.
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
 *
 * <p>A plain class that delegates each method, not a {@code java.lang.reflect.Proxy}: every
 * statement of every call passes through here, and the reflective dispatch (an
 * {@code Object[]} per call and {@code Method.invoke}) was about a quarter of a {@code get}'s
 * Java-side time.
 */
final class CachingConnection implements Connection {
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
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return lease(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        if (type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY) {
            return lease(sql);
        }
        return physical.prepareStatement(sql, type, concurrency);
    }

    private PreparedStatement lease(String sql) throws SQLException {
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
        return new StatementLease(this, cached, own);
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

    @Override
    public void close() throws SQLException {
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
        physical.close();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        synchronized (this) {
            for (Cached c : cache.values()) {
                c.evicted = true;
            }
            cache.clear();
        }
        physical.abort(executor);
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : physical.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || physical.isWrapperFor(type);
    }

    @Override
    public String toString() {
        return "caching " + physical;
    }

    // Everything below goes to the physical connection unchanged.

    @Override
    public void beginRequest() throws SQLException {
        physical.beginRequest();
    }

    @Override
    public void clearWarnings() throws SQLException {
        physical.clearWarnings();
    }

    @Override
    public void commit() throws SQLException {
        physical.commit();
    }

    @Override
    public Array createArrayOf(String arg0, Object[] arg1) throws SQLException {
        return physical.createArrayOf(arg0, arg1);
    }

    @Override
    public Blob createBlob() throws SQLException {
        return physical.createBlob();
    }

    @Override
    public Clob createClob() throws SQLException {
        return physical.createClob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return physical.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return physical.createSQLXML();
    }

    @Override
    public Statement createStatement() throws SQLException {
        return physical.createStatement();
    }

    @Override
    public Statement createStatement(int arg0, int arg1, int arg2) throws SQLException {
        return physical.createStatement(arg0, arg1, arg2);
    }

    @Override
    public Statement createStatement(int arg0, int arg1) throws SQLException {
        return physical.createStatement(arg0, arg1);
    }

    @Override
    public Struct createStruct(String arg0, Object[] arg1) throws SQLException {
        return physical.createStruct(arg0, arg1);
    }

    @Override
    public void endRequest() throws SQLException {
        physical.endRequest();
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return physical.getAutoCommit();
    }

    @Override
    public String getCatalog() throws SQLException {
        return physical.getCatalog();
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return physical.getClientInfo();
    }

    @Override
    public String getClientInfo(String string) throws SQLException {
        return physical.getClientInfo(string);
    }

    @Override
    public int getHoldability() throws SQLException {
        return physical.getHoldability();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return physical.getMetaData();
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return physical.getNetworkTimeout();
    }

    @Override
    public String getSchema() throws SQLException {
        return physical.getSchema();
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return physical.getTransactionIsolation();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return physical.getTypeMap();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return physical.getWarnings();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return physical.isClosed();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return physical.isReadOnly();
    }

    @Override
    public boolean isValid(int value) throws SQLException {
        return physical.isValid(value);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return physical.nativeSQL(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int arg1, int arg2, int arg3) throws SQLException {
        return physical.prepareCall(sql, arg1, arg2, arg3);
    }

    @Override
    public CallableStatement prepareCall(String sql, int arg1, int arg2) throws SQLException {
        return physical.prepareCall(sql, arg1, arg2);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return physical.prepareCall(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] arg1) throws SQLException {
        return physical.prepareStatement(sql, arg1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] arg1) throws SQLException {
        return physical.prepareStatement(sql, arg1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int arg1, int arg2, int arg3) throws SQLException {
        return physical.prepareStatement(sql, arg1, arg2, arg3);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int arg1) throws SQLException {
        return physical.prepareStatement(sql, arg1);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        physical.releaseSavepoint(savepoint);
    }

    @Override
    public void rollback() throws SQLException {
        physical.rollback();
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        physical.rollback(savepoint);
    }

    @Override
    public void setAutoCommit(boolean value) throws SQLException {
        physical.setAutoCommit(value);
    }

    @Override
    public void setCatalog(String string) throws SQLException {
        physical.setCatalog(string);
    }

    @Override
    public void setClientInfo(String arg0, String value) throws SQLClientInfoException {
        physical.setClientInfo(arg0, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        physical.setClientInfo(properties);
    }

    @Override
    public void setHoldability(int value) throws SQLException {
        physical.setHoldability(value);
    }

    @Override
    public void setNetworkTimeout(Executor arg0, int value) throws SQLException {
        physical.setNetworkTimeout(arg0, value);
    }

    @Override
    public void setReadOnly(boolean value) throws SQLException {
        physical.setReadOnly(value);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return physical.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String string) throws SQLException {
        return physical.setSavepoint(string);
    }

    @Override
    public void setSchema(String string) throws SQLException {
        physical.setSchema(string);
    }

    @Override
    public void setShardingKey(ShardingKey arg0, ShardingKey value) throws SQLException {
        physical.setShardingKey(arg0, value);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        physical.setShardingKey(shardingKey);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey arg0, int value) throws SQLException {
        return physical.setShardingKeyIfValid(arg0, value);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey arg0, ShardingKey value, int arg2) throws SQLException {
        return physical.setShardingKeyIfValid(arg0, value, arg2);
    }

    @Override
    public void setTransactionIsolation(int value) throws SQLException {
        physical.setTransactionIsolation(value);
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        physical.setTypeMap(map);
    }
}
