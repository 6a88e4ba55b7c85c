package dev.agentmemory.jdbc.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Limits;
import dev.agentmemory.ValidationException;
import dev.agentmemory.jdbc.SqlDialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable and thread-safe: compiles a {@link Filter} into a SQL condition on the memories
 * table (alias {@code m}), with every key and value as a bind parameter.
 *
 * <p>The shape, which core's in-process evaluator mirrors exactly:
 * <ul>
 *   <li>{@code eq, gt, gte, lt, lte, in} on a metadata key:
 *       {@code EXISTS (SELECT 1 FROM memory_metadata md WHERE md.tenant = m.tenant AND
 *       md.memory_id = m.id AND md.meta_key = ? AND <kind test> AND <column> op ?)}, where
 *       strings test {@code kind = 's'} and {@code str_value}, numbers
 *       {@code kind IN ('l','d')} and {@code num_value} (as doubles), booleans
 *       {@code kind = 'b'} and {@code long_value} (0/1); a value of another kind never matches;
 *   <li>{@code ne} and {@code notIn} are {@code NOT (eq)} and {@code NOT (in)}, so they
 *       match memories without the key;
 *   <li>{@code exists}: the EXISTS with the key test only;
 *   <li>time fields compare {@code m.created_at}/{@code m.updated_at} (microseconds);
 *   <li>{@code and}/{@code or}/{@code not} compose; an empty and is true, an empty or false.
 * </ul>
 */
public final class FilterCompiler {
    private final SqlDialect dialect;

    /** Creates a compiler for {@code dialect}. */
    public FilterCompiler(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Compiles {@code filter}.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_FILTER} if a key is not an
     *     identifier or the filter is malformed (core validates first; this is a second line)
     */
    SqlFragment compile(Filter filter) {
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        append(filter, sql, args);
        return new SqlFragment(sql.toString(), args);
    }

    private void append(Filter filter, StringBuilder sql, List<Object> args) {
        if (filter instanceof Filter.Compare c) {
            compare(c, sql, args);
        } else if (filter instanceof Filter.In in) {
            in(in, sql, args);
        } else if (filter instanceof Filter.Exists e) {
            if (e.field().isTime()) {
                throw invalid("exists is not defined on " + e.field());
            }
            openExists(e.field().key(), sql, args);
            sql.append(')');
        } else if (filter instanceof Filter.Contains c) {
            if (c.field().isTime()) {
                throw invalid("contains is not defined on " + c.field());
            }
            openExists(c.field().key(), sql, args);
            sql.append(" AND md.kind = 's' AND ").append(dialect.containsTest("md.str_value")).append(')');
            args.add(dialect.encodeText(c.substring()));
        } else if (filter instanceof Filter.And a) {
            junction(a.filters(), " AND ", "1 = 1", sql, args);
        } else if (filter instanceof Filter.Or o) {
            junction(o.filters(), " OR ", "1 = 0", sql, args);
        } else if (filter instanceof Filter.Not n) {
            sql.append("NOT (");
            append(n.filter(), sql, args);
            sql.append(')');
        } else {
            throw invalid("unknown filter " + filter);
        }
    }

    private void junction(List<Filter> filters, String operator, String empty, StringBuilder sql, List<Object> args) {
        if (filters.isEmpty()) {
            sql.append(empty);
            return;
        }
        sql.append('(');
        for (int i = 0; i < filters.size(); i++) {
            if (i > 0) {
                sql.append(operator);
            }
            append(filters.get(i), sql, args);
        }
        sql.append(')');
    }

    private void compare(Filter.Compare c, StringBuilder sql, List<Object> args) {
        if (c.field().isTime()) {
            sql.append(timeColumn(c.field())).append(' ').append(c.op().sql()).append(" ?");
            args.add(Micros.of(instant(c.value())));
            return;
        }
        boolean negated = c.op() == Filter.Op.NE;
        String op = negated ? Filter.Op.EQ.sql() : c.op().sql();
        if (negated) {
            sql.append("NOT ");
        }
        openExists(c.field().key(), sql, args);
        sql.append(" AND ");
        valueTest(c.value(), op, sql, args);
        sql.append(')');
    }

    private void in(Filter.In in, StringBuilder sql, List<Object> args) {
        if (in.values().isEmpty()) {
            throw invalid("in/notIn on " + in.field() + " needs at least one value");
        }
        if (in.field().isTime()) {
            sql.append(timeColumn(in.field())).append(in.negated() ? " NOT IN (" : " IN (");
            for (int i = 0; i < in.values().size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                args.add(Micros.of(instant(in.values().get(i))));
            }
            sql.append(')');
            return;
        }
        // Group the candidates by kind: each kind compares only with its own column.
        Map<String, List<Object>> byColumn = new LinkedHashMap<>();
        for (Object v : in.values()) {
            byColumn.computeIfAbsent(kindTest(v), k -> new ArrayList<>()).add(columnValue(v));
        }
        if (in.negated()) {
            sql.append("NOT ");
        }
        openExists(in.field().key(), sql, args);
        sql.append(" AND (");
        boolean first = true;
        for (Map.Entry<String, List<Object>> group : byColumn.entrySet()) {
            if (!first) {
                sql.append(" OR ");
            }
            first = false;
            String column = column(group.getValue().get(0), group.getKey());
            sql.append('(').append(group.getKey()).append(" AND ").append(column).append(" IN (");
            for (int i = 0; i < group.getValue().size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                args.add(group.getValue().get(i));
            }
            sql.append("))");
        }
        sql.append("))");
    }

    /** Opens {@code EXISTS (... AND md.meta_key = ?}; the caller closes the parenthesis. */
    private void openExists(String key, StringBuilder sql, List<Object> args) {
        if (key == null || !Limits.IDENTIFIER_PATTERN.matcher(key).matches()) {
            throw invalid("metadata key " + (key == null ? "null" : "'" + abbreviate(key) + "'")
                    + " is not an identifier (" + Limits.IDENTIFIER_PATTERN.pattern() + ")");
        }
        sql.append("EXISTS (SELECT 1 FROM memory_metadata md WHERE md.tenant = m.tenant AND md.memory_id = m.id"
                + " AND md.meta_key = ?");
        args.add(key);
    }

    private void valueTest(Object value, String op, StringBuilder sql, List<Object> args) {
        String kind = kindTest(value);
        sql.append(kind).append(" AND ");
        if (value instanceof String) {
            sql.append(dialect.compareStrings("md.str_value", op));
        } else {
            sql.append(column(value, kind)).append(' ').append(op).append(" ?");
        }
        args.add(columnValue(value));
    }

    private static String kindTest(Object value) {
        if (value instanceof String) {
            return "md.kind = 's'";
        } else if (value instanceof Long || value instanceof Double) {
            return "md.kind IN ('l', 'd')";
        } else if (value instanceof Boolean) {
            return "md.kind = 'b'";
        }
        throw invalid("filter value " + value + " of type "
                + (value == null ? "null" : value.getClass().getName()) + " is not a String, long, double or boolean");
    }

    private String column(Object value, String kindTest) {
        if (value instanceof String) {
            return "md.str_value" + dialect.codePointCollation();
        }
        return kindTest.startsWith("md.kind IN") ? "md.num_value" : "md.long_value";
    }

    private Object columnValue(Object value) {
        if (value instanceof String s) {
            return dialect.encodeText(s);
        } else if (value instanceof Number n) {
            return n.doubleValue();
        } else if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        throw invalid("unsupported filter value " + value);
    }

    private static String timeColumn(Filter.Field field) {
        return field.kind() == Filter.Field.Kind.CREATED_AT ? "m.created_at" : "m.updated_at";
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant t) {
            return t;
        }
        throw invalid("a time filter needs an Instant, got " + (value == null ? "null" : value.getClass().getName()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 70) + "...";
    }

    private static ValidationException invalid(String message) {
        return new ValidationException(ErrorCode.INVALID_FILTER, message);
    }
}
