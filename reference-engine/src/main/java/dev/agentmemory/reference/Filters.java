package dev.agentmemory.reference;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Limits;
import dev.agentmemory.Memory;
import dev.agentmemory.ValidationException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Thread-safe: static methods only. Compiles a {@link Filter} into a test of a memory, with the
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
     * Compiles {@code filter} into a test of one memory, checking its shape once.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_FILTER} if the filter is
     *     malformed (core validates first; this is a second line, as in the SQL compiler)
     */
    static Predicate<Memory> compile(Filter filter) {
        if (filter instanceof Filter.Compare c) {
            checkValue(c.field(), c.value());
            if (c.field().isTime()) {
                long value = micros(c.value());
                return m -> holds(c.op(), Long.compare(time(c.field(), m), value));
            }
            String key = key(c.field());
            if (c.op() == Filter.Op.NE) {
                return m -> !sameKindCompare(stored(key, m), c.value(), Filter.Op.EQ);
            }
            return m -> sameKindCompare(stored(key, m), c.value(), c.op());
        } else if (filter instanceof Filter.In in) {
            if (in.values().isEmpty()) {
                throw invalid("in/notIn on " + in.field() + " needs at least one value");
            }
            in.values().forEach(v -> checkValue(in.field(), v));
            Predicate<Memory> any;
            if (in.field().isTime()) {
                Set<Long> values = in.values().stream().map(Filters::micros).collect(Collectors.toSet());
                any = m -> values.contains(time(in.field(), m));
            } else {
                String key = key(in.field());
                any = m -> in.values().stream().anyMatch(v -> sameKindCompare(stored(key, m), v, Filter.Op.EQ));
            }
            return in.negated() ? any.negate() : any;
        } else if (filter instanceof Filter.Exists e) {
            String key = key(metadataField(e.field(), "exists"));
            return m -> stored(key, m) != null;
        } else if (filter instanceof Filter.Contains c) {
            String key = key(metadataField(c.field(), "contains"));
            return m -> stored(key, m) instanceof String s && s.contains(c.substring());
        } else if (filter instanceof Filter.And a) {
            List<Predicate<Memory>> all = a.filters().stream().map(Filters::compile).toList();
            return m -> all.stream().allMatch(p -> p.test(m));
        } else if (filter instanceof Filter.Or o) {
            List<Predicate<Memory>> all = o.filters().stream().map(Filters::compile).toList();
            return m -> all.stream().anyMatch(p -> p.test(m));
        } else if (filter instanceof Filter.Not n) {
            return compile(n.filter()).negate();
        }
        throw invalid("unknown filter " + filter);
    }

    private static String key(Filter.Field field) {
        String key = field.key();
        if (key == null || !Limits.IDENTIFIER_PATTERN.matcher(key).matches()) {
            throw invalid("metadata key " + (key == null ? "null" : "'" + key + "'") + " is not an identifier ("
                    + Limits.IDENTIFIER_PATTERN.pattern() + ")");
        }
        return key;
    }

    private static Object stored(String key, Memory memory) {
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

    private static void checkValue(Filter.Field field, Object value) {
        if (field.isTime()) {
            micros(value);
        } else if (!(value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean)) {
            throw invalid("filter value " + value + " of type " + (value == null ? "null" : value.getClass().getName())
                    + " is not a String, long, double or boolean");
        }
    }

    /** Unicode code point order, which is the byte order of UTF-8 that the databases compare. */
    static int compareCodePoints(String a, String b) {
        // Not String.compareTo: that compares UTF-16 units, which order a surrogate pair (U+10000
        // and up) before U+E000..U+FFFF.
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
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
