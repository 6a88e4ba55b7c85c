package dev.agentmemory.index;

import dev.agentmemory.Filter;
import dev.agentmemory.Metadata;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Thread-safe: static methods only. Evaluates a {@link Filter} in process with exactly the
 * semantics the SQL backends compile it to, so search and list agree on what matches.
 */
public final class FilterEvaluator {
    private FilterEvaluator() {}

    /**
     * True if a memory with this metadata and these timestamps (epoch micros) matches.
     *
     * @throws NullPointerException if {@code filter} or {@code metadata} is null
     */
    public static boolean matches(Filter filter, Metadata metadata, long createdMicros, long updatedMicros) {
        if (filter instanceof Filter.Compare c) {
            if (c.field().isTime()) {
                long stored = c.field().kind() == Filter.Field.Kind.CREATED_AT ? createdMicros : updatedMicros;
                return test(c.op(), Long.compare(stored, micros((Instant) c.value())));
            }
            Object stored = metadata.asMap().get(c.field().key());
            if (c.op() == Filter.Op.NE) {
                return !equal(stored, c.value());
            }
            Integer cmp = compare(stored, c.value());
            return cmp != null && test(c.op(), cmp);
        } else if (filter instanceof Filter.In in) {
            boolean any = false;
            if (in.field().isTime()) {
                long stored = in.field().kind() == Filter.Field.Kind.CREATED_AT ? createdMicros : updatedMicros;
                for (Object v : in.values()) {
                    any |= stored == micros((Instant) v);
                }
            } else {
                Object stored = metadata.asMap().get(in.field().key());
                for (Object v : in.values()) {
                    any |= equal(stored, v);
                }
            }
            return any != in.negated();
        } else if (filter instanceof Filter.Exists e) {
            return metadata.containsKey(e.field().key());
        } else if (filter instanceof Filter.Contains c) {
            return metadata.asMap().get(c.field().key()) instanceof String s && s.contains(c.substring());
        } else if (filter instanceof Filter.And a) {
            for (Filter f : a.filters()) {
                if (!matches(f, metadata, createdMicros, updatedMicros)) {
                    return false;
                }
            }
            return true;
        } else if (filter instanceof Filter.Or o) {
            for (Filter f : o.filters()) {
                if (matches(f, metadata, createdMicros, updatedMicros)) {
                    return true;
                }
            }
            return false;
        } else {
            return !matches(((Filter.Not) filter).filter(), metadata, createdMicros, updatedMicros);
        }
    }

    /**
     * Epoch microseconds of {@code t}, saturated at the ends of {@code long} (about 292,000
     * years either side of 1970). {@code ChronoUnit.MICROS.between} would go through
     * nanoseconds and overflow past the year 2262.
     */
    public static long micros(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds > Long.MAX_VALUE / 1_000_000 - 1) {
            return Long.MAX_VALUE;
        }
        if (seconds < Long.MIN_VALUE / 1_000_000 + 1) {
            return Long.MIN_VALUE + 1; // MIN_VALUE itself marks a free slot in the index
        }
        return seconds * 1_000_000 + t.getNano() / 1_000;
    }

    private static boolean equal(Object stored, Object value) {
        Integer cmp = compare(stored, value);
        return cmp != null && cmp == 0;
    }

    /** Compares within a kind; null if absent or of different kinds (such pairs never match). */
    private static Integer compare(Object stored, Object value) {
        if (stored == null) {
            return null;
        }
        if (stored instanceof String s && value instanceof String v) {
            return Integer.signum(compareCodePoints(s, v));
        }
        if (stored instanceof Number s && value instanceof Number v) {
            // As in SQL: numbers compare as doubles, and -0.0 equals 0.0.
            double a = s.doubleValue();
            double b = v.doubleValue();
            return a < b ? -1 : a > b ? 1 : 0;
        }
        if (stored instanceof Boolean s && value instanceof Boolean v) {
            return Boolean.compare(s, v);
        }
        return null;
    }

    /** Unicode code point order, which is UTF-8 byte order, as the databases compare. */
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

    private static boolean test(Filter.Op op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
        };
    }
}
