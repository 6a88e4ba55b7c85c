package dev.agentmemory.reference;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Limits;
import dev.agentmemory.Memory;
import dev.agentmemory.ValidationException;
import java.time.Instant;

/**
 * Thread-safe: static methods only. Decides whether a memory matches a {@link Filter}, with the
 * meaning the SQL backends give it (jdbc-support's {@code FilterCompiler}); the contract test
 * kit's filter tests compare every backend against one oracle, so a difference fails there.
 *
 * <ul>
 *   <li>A comparison on a metadata key matches only a stored value of the same kind: strings
 *       with strings (ordered by Unicode code point, as UTF-8 bytes order), numbers with
 *       numbers (long and double compare as doubles), booleans with booleans. A value of
 *       another kind, or no value, never matches.
 *   <li>{@code ne} and {@code notIn} are the negation of {@code eq} and {@code in}, so they
 *       match memories that lack the key.
 *   <li>Time fields compare the created or updated time in microseconds.
 *   <li>An empty {@code and} is true, an empty {@code or} false.
 * </ul>
 */
final class Filters {
    private Filters() {}

    /**
     * True if {@code memory} matches {@code filter}.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_FILTER} if the filter is
     *     malformed (core validates first; this is a second line, as in the SQL compiler)
     */
    static boolean matches(Filter filter, Memory memory) {
        if (filter instanceof Filter.Compare c) {
            if (c.field().isTime()) {
                return holds(c.op(), Long.compare(time(c.field(), memory), micros(c.value())));
            }
            Object stored = stored(c.field(), memory);
            if (c.op() == Filter.Op.NE) {
                return !sameKindCompare(stored, c.value(), Filter.Op.EQ);
            }
            return sameKindCompare(stored, c.value(), c.op());
        } else if (filter instanceof Filter.In in) {
            if (in.values().isEmpty()) {
                throw invalid("in/notIn on " + in.field() + " needs at least one value");
            }
            boolean any = false;
            for (Object v : in.values()) {
                any |= in.field().isTime() ? time(in.field(), memory) == micros(v)
                        : sameKindCompare(stored(in.field(), memory), v, Filter.Op.EQ);
            }
            return any != in.negated();
        } else if (filter instanceof Filter.Exists e) {
            return stored(metadataField(e.field(), "exists"), memory) != null;
        } else if (filter instanceof Filter.Contains c) {
            return stored(metadataField(c.field(), "contains"), memory) instanceof String s && s.contains(c.substring());
        } else if (filter instanceof Filter.And a) {
            return a.filters().stream().allMatch(f -> matches(f, memory));
        } else if (filter instanceof Filter.Or o) {
            return o.filters().stream().anyMatch(f -> matches(f, memory));
        } else if (filter instanceof Filter.Not n) {
            return !matches(n.filter(), memory);
        }
        throw invalid("unknown filter " + filter);
    }

    private static Object stored(Filter.Field field, Memory memory) {
        String key = field.key();
        if (key == null || !Limits.IDENTIFIER_PATTERN.matcher(key).matches()) {
            throw invalid("metadata key " + (key == null ? "null" : "'" + key + "'") + " is not an identifier ("
                    + Limits.IDENTIFIER_PATTERN.pattern() + ")");
        }
        return memory.metadata().asMap().get(key);
    }

    private static Filter.Field metadataField(Filter.Field field, String operator) {
        if (field.isTime()) {
            throw invalid(operator + " is not defined on " + field);
        }
        return field;
    }

    /** Compares a stored value with a filter value of the same kind; false for any other pair. */
    private static boolean sameKindCompare(Object stored, Object value, Filter.Op op) {
        checkValue(value);
        if (stored instanceof String s && value instanceof String v) {
            return holds(op, compareCodePoints(s, v));
        }
        if (stored instanceof Number s && value instanceof Number v) {
            // As in SQL: doubles, so 1 equals 1.0 and -0.0 equals 0.0.
            double a = s.doubleValue();
            double b = v.doubleValue();
            return holds(op, a < b ? -1 : a > b ? 1 : 0);
        }
        if (stored instanceof Boolean s && value instanceof Boolean v) {
            return holds(op, Boolean.compare(s, v));
        }
        return false;
    }

    private static void checkValue(Object value) {
        if (!(value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean)) {
            throw invalid("filter value " + value + " of type " + (value == null ? "null" : value.getClass().getName())
                    + " is not a String, long, double or boolean");
        }
    }

    /** Unicode code point order, which is the byte order of UTF-8 that the databases compare. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean holds(Filter.Op op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
        };
    }

    private static long time(Filter.Field field, Memory memory) {
        return Micros.of(field.kind() == Filter.Field.Kind.CREATED_AT ? memory.createdAt() : memory.updatedAt());
    }

    private static long micros(Object value) {
        if (value instanceof Instant t) {
            return Micros.of(t);
        }
        throw invalid("a time filter needs an Instant, got " + (value == null ? "null" : value.getClass().getName()));
    }

    private static ValidationException invalid(String message) {
        return new ValidationException(ErrorCode.INVALID_FILTER, message);
    }
}
