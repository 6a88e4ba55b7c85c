package dev.agentmemory.sqlite.driver;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * Confined to the thread that borrowed the connection, as the statement it lends: one use of
 * a cached statement, from {@code prepareStatement} to {@code close}. After {@code close} this
 * lease refuses every call, so a caller that kept it cannot reach the statement's next use.
 *
 * <p>Delegates each method by hand rather than through a {@code java.lang.reflect.Proxy}, for
 * the reason given in {@link CachingConnection}. The methods that run the statement record
 * the result set they open (closed with the lease, which resets the statement) and mark the
 * lease failed when they throw, so that the statement is closed for real instead of kept.
 */
final class StatementLease implements PreparedStatement {
    private final CachingConnection owner;
    private final CachingConnection.Cached cached;
    private final boolean own;
    private ResultSet results;
    private boolean rowsWaiting;
    private boolean closed;
    private boolean failed;

    StatementLease(CachingConnection owner, CachingConnection.Cached cached, boolean own) {
        this.owner = owner;
        this.cached = cached;
        this.own = own;
    }

    /** The statement, while this lease is open. */
    private PreparedStatement live() throws SQLException {
        if (closed) {
            throw new SQLException("statement is closed", "HY010");
        }
        return cached.statement;
    }

    private ResultSet track(ResultSet rs) {
        results = rs;
        return rs;
    }

    private boolean rowsWaiting(boolean rows) {
        rowsWaiting = rows;
        return rows;
    }

    @Override
    public void close() throws SQLException {
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

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Connection getConnection() {
        return owner;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : live().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || live().isWrapperFor(type);
    }

    @Override
    public String toString() {
        return "cached " + cached.statement;
    }

    // Everything below goes to the leased statement while the lease is open.

    @Override
    public void addBatch() throws SQLException {
        live().addBatch();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        live().addBatch(sql);
    }

    @Override
    public void cancel() throws SQLException {
        live().cancel();
    }

    @Override
    public void clearBatch() throws SQLException {
        live().clearBatch();
    }

    @Override
    public void clearParameters() throws SQLException {
        live().clearParameters();
    }

    @Override
    public void clearWarnings() throws SQLException {
        live().clearWarnings();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        live().closeOnCompletion();
    }

    @Override
    public String enquoteIdentifier(String arg0, boolean arg1) throws SQLException {
        return live().enquoteIdentifier(arg0, arg1);
    }

    @Override
    public String enquoteLiteral(String string) throws SQLException {
        return live().enquoteLiteral(string);
    }

    @Override
    public String enquoteNCharLiteral(String string) throws SQLException {
        return live().enquoteNCharLiteral(string);
    }

    @Override
    public boolean execute() throws SQLException {
        try {
            return rowsWaiting(live().execute());
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public boolean execute(String sql, int[] arg1) throws SQLException {
        try {
            return rowsWaiting(live().execute(sql, arg1));
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public boolean execute(String sql, String[] arg1) throws SQLException {
        try {
            return rowsWaiting(live().execute(sql, arg1));
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public boolean execute(String sql, int arg1) throws SQLException {
        try {
            return rowsWaiting(live().execute(sql, arg1));
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        try {
            return rowsWaiting(live().execute(sql));
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        try {
            return live().executeBatch();
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        try {
            return live().executeLargeBatch();
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        try {
            return live().executeLargeUpdate();
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] arg1) throws SQLException {
        try {
            return live().executeLargeUpdate(sql, arg1);
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public long executeLargeUpdate(String sql, String[] arg1) throws SQLException {
        try {
            return live().executeLargeUpdate(sql, arg1);
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int arg1) throws SQLException {
        try {
            return live().executeLargeUpdate(sql, arg1);
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        try {
            return live().executeLargeUpdate(sql);
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        try {
            return track(live().executeQuery());
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        try {
            return track(live().executeQuery(sql));
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        try {
            return live().executeUpdate();
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int executeUpdate(String sql, int[] arg1) throws SQLException {
        try {
            return live().executeUpdate(sql, arg1);
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int executeUpdate(String sql, String[] arg1) throws SQLException {
        try {
            return live().executeUpdate(sql, arg1);
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int executeUpdate(String sql, int arg1) throws SQLException {
        try {
            return live().executeUpdate(sql, arg1);
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        try {
            return live().executeUpdate(sql);
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return live().getFetchDirection();
    }

    @Override
    public int getFetchSize() throws SQLException {
        return live().getFetchSize();
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        try {
            return track(live().getGeneratedKeys());
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return live().getLargeMaxRows();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return live().getLargeUpdateCount();
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return live().getMaxFieldSize();
    }

    @Override
    public int getMaxRows() throws SQLException {
        return live().getMaxRows();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return live().getMetaData();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try {
            return rowsWaiting(live().getMoreResults());
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public boolean getMoreResults(int value) throws SQLException {
        try {
            return rowsWaiting(live().getMoreResults(value));
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return live().getParameterMetaData();
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return live().getQueryTimeout();
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        try {
            return track(live().getResultSet());
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return live().getResultSetConcurrency();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return live().getResultSetHoldability();
    }

    @Override
    public int getResultSetType() throws SQLException {
        return live().getResultSetType();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return live().getUpdateCount();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return live().getWarnings();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return live().isCloseOnCompletion();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return live().isPoolable();
    }

    @Override
    public boolean isSimpleIdentifier(String string) throws SQLException {
        return live().isSimpleIdentifier(string);
    }

    @Override
    public void setArray(int index, Array value) throws SQLException {
        live().setArray(index, value);
    }

    @Override
    public void setAsciiStream(int index, java.io.InputStream value, int arg2) throws SQLException {
        live().setAsciiStream(index, value, arg2);
    }

    @Override
    public void setAsciiStream(int index, java.io.InputStream value, long arg2) throws SQLException {
        live().setAsciiStream(index, value, arg2);
    }

    @Override
    public void setAsciiStream(int index, java.io.InputStream value) throws SQLException {
        live().setAsciiStream(index, value);
    }

    @Override
    public void setBigDecimal(int index, java.math.BigDecimal value) throws SQLException {
        live().setBigDecimal(index, value);
    }

    @Override
    public void setBinaryStream(int index, java.io.InputStream value, int arg2) throws SQLException {
        live().setBinaryStream(index, value, arg2);
    }

    @Override
    public void setBinaryStream(int index, java.io.InputStream value, long arg2) throws SQLException {
        live().setBinaryStream(index, value, arg2);
    }

    @Override
    public void setBinaryStream(int index, java.io.InputStream value) throws SQLException {
        live().setBinaryStream(index, value);
    }

    @Override
    public void setBlob(int index, java.io.InputStream value, long arg2) throws SQLException {
        live().setBlob(index, value, arg2);
    }

    @Override
    public void setBlob(int index, java.io.InputStream value) throws SQLException {
        live().setBlob(index, value);
    }

    @Override
    public void setBlob(int index, Blob value) throws SQLException {
        live().setBlob(index, value);
    }

    @Override
    public void setBoolean(int index, boolean value) throws SQLException {
        live().setBoolean(index, value);
    }

    @Override
    public void setByte(int index, byte value) throws SQLException {
        live().setByte(index, value);
    }

    @Override
    public void setBytes(int index, byte[] value) throws SQLException {
        live().setBytes(index, value);
    }

    @Override
    public void setCharacterStream(int index, java.io.Reader value, int arg2) throws SQLException {
        live().setCharacterStream(index, value, arg2);
    }

    @Override
    public void setCharacterStream(int index, java.io.Reader value, long arg2) throws SQLException {
        live().setCharacterStream(index, value, arg2);
    }

    @Override
    public void setCharacterStream(int index, java.io.Reader value) throws SQLException {
        live().setCharacterStream(index, value);
    }

    @Override
    public void setClob(int index, java.io.Reader value, long arg2) throws SQLException {
        live().setClob(index, value, arg2);
    }

    @Override
    public void setClob(int index, java.io.Reader value) throws SQLException {
        live().setClob(index, value);
    }

    @Override
    public void setClob(int index, Clob value) throws SQLException {
        live().setClob(index, value);
    }

    @Override
    public void setCursorName(String string) throws SQLException {
        live().setCursorName(string);
    }

    @Override
    public void setDate(int index, Date value, Calendar arg2) throws SQLException {
        live().setDate(index, value, arg2);
    }

    @Override
    public void setDate(int index, Date value) throws SQLException {
        live().setDate(index, value);
    }

    @Override
    public void setDouble(int index, double value) throws SQLException {
        live().setDouble(index, value);
    }

    @Override
    public void setEscapeProcessing(boolean value) throws SQLException {
        live().setEscapeProcessing(value);
    }

    @Override
    public void setFetchDirection(int value) throws SQLException {
        live().setFetchDirection(value);
    }

    @Override
    public void setFetchSize(int value) throws SQLException {
        live().setFetchSize(value);
    }

    @Override
    public void setFloat(int index, float value) throws SQLException {
        live().setFloat(index, value);
    }

    @Override
    public void setInt(int index, int value) throws SQLException {
        live().setInt(index, value);
    }

    @Override
    public void setLargeMaxRows(long value) throws SQLException {
        live().setLargeMaxRows(value);
    }

    @Override
    public void setLong(int index, long value) throws SQLException {
        live().setLong(index, value);
    }

    @Override
    public void setMaxFieldSize(int value) throws SQLException {
        live().setMaxFieldSize(value);
    }

    @Override
    public void setMaxRows(int value) throws SQLException {
        live().setMaxRows(value);
    }

    @Override
    public void setNCharacterStream(int index, java.io.Reader value, long arg2) throws SQLException {
        live().setNCharacterStream(index, value, arg2);
    }

    @Override
    public void setNCharacterStream(int index, java.io.Reader value) throws SQLException {
        live().setNCharacterStream(index, value);
    }

    @Override
    public void setNClob(int index, java.io.Reader value, long arg2) throws SQLException {
        live().setNClob(index, value, arg2);
    }

    @Override
    public void setNClob(int index, java.io.Reader value) throws SQLException {
        live().setNClob(index, value);
    }

    @Override
    public void setNClob(int index, NClob value) throws SQLException {
        live().setNClob(index, value);
    }

    @Override
    public void setNString(int index, String value) throws SQLException {
        live().setNString(index, value);
    }

    @Override
    public void setNull(int index, int value, String arg2) throws SQLException {
        live().setNull(index, value, arg2);
    }

    @Override
    public void setNull(int index, int value) throws SQLException {
        live().setNull(index, value);
    }

    @Override
    public void setObject(int index, Object value, int arg2, int arg3) throws SQLException {
        live().setObject(index, value, arg2, arg3);
    }

    @Override
    public void setObject(int index, Object value, int arg2) throws SQLException {
        live().setObject(index, value, arg2);
    }

    @Override
    public void setObject(int index, Object value, SQLType arg2, int arg3) throws SQLException {
        live().setObject(index, value, arg2, arg3);
    }

    @Override
    public void setObject(int index, Object value, SQLType arg2) throws SQLException {
        live().setObject(index, value, arg2);
    }

    @Override
    public void setObject(int index, Object value) throws SQLException {
        live().setObject(index, value);
    }

    @Override
    public void setPoolable(boolean value) throws SQLException {
        live().setPoolable(value);
    }

    @Override
    public void setQueryTimeout(int value) throws SQLException {
        live().setQueryTimeout(value);
    }

    @Override
    public void setRef(int index, Ref value) throws SQLException {
        live().setRef(index, value);
    }

    @Override
    public void setRowId(int index, RowId value) throws SQLException {
        live().setRowId(index, value);
    }

    @Override
    public void setSQLXML(int index, SQLXML value) throws SQLException {
        live().setSQLXML(index, value);
    }

    @Override
    public void setShort(int index, short value) throws SQLException {
        live().setShort(index, value);
    }

    @Override
    public void setString(int index, String value) throws SQLException {
        live().setString(index, value);
    }

    @Override
    public void setTime(int index, Time value, Calendar arg2) throws SQLException {
        live().setTime(index, value, arg2);
    }

    @Override
    public void setTime(int index, Time value) throws SQLException {
        live().setTime(index, value);
    }

    @Override
    public void setTimestamp(int index, Timestamp value, Calendar arg2) throws SQLException {
        live().setTimestamp(index, value, arg2);
    }

    @Override
    public void setTimestamp(int index, Timestamp value) throws SQLException {
        live().setTimestamp(index, value);
    }

    @Override
    public void setURL(int index, java.net.URL value) throws SQLException {
        live().setURL(index, value);
    }

    @Override
    public void setUnicodeStream(int index, java.io.InputStream value, int arg2) throws SQLException {
        live().setUnicodeStream(index, value, arg2);
    }
}
