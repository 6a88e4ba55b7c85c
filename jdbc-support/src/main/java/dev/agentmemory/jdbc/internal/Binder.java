package dev.agentmemory.jdbc.internal;

import java.sql.Types;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Thread-safe: static methods only. Binds positional values with explicit SQL types, so that
 * nulls carry a type every driver accepts and no value is ever concatenated into SQL.
 */
final class Binder {
    /** A typed SQL NULL. */
    record Null(int sqlType) {}

    static final Null NULL_TEXT = new Null(Types.VARCHAR);
    static final Null NULL_DOUBLE = new Null(Types.DOUBLE);
    static final Null NULL_BIGINT = new Null(Types.BIGINT);

    private Binder() {}

    static Null nullOf(int sqlType) {
        return new Null(sqlType);
    }

    /** Binds {@code args} at positions {@code from, from + 1, ...}; returns the next position. */
    static int bind(SqlStatement<?> statement, int from, List<Object> args) {
        int position = from;
        for (Object value : args) {
            bindOne(statement, position++, value);
        }
        return position;
    }

    static void bindOne(SqlStatement<?> statement, int position, Object value) {
        if (value instanceof String s) {
            statement.bind(position, s);
        } else if (value instanceof Long l) {
            statement.bind(position, l.longValue());
        } else if (value instanceof Integer i) {
            statement.bind(position, i.intValue());
        } else if (value instanceof Double d) {
            statement.bind(position, d.doubleValue());
        } else if (value instanceof byte[] b) {
            statement.bind(position, b);
        } else if (value instanceof Null n) {
            statement.bindNull(position, n.sqlType());
        } else {
            throw new IllegalArgumentException("cannot bind a " + (value == null ? "untyped null"
                    : value.getClass().getName()) + " at position " + position);
        }
    }

    static Object orNull(String s) {
        return s == null ? NULL_TEXT : s;
    }

    static Object orNull(Double d) {
        return d == null ? NULL_DOUBLE : d;
    }

    static Object orNull(Long l) {
        return l == null ? NULL_BIGINT : l;
    }
}
