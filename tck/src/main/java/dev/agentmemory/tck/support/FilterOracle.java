package dev.agentmemory.tck.support;

import dev.agentmemory.Filter;
import dev.agentmemory.Memory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;

/**
 * Thread-safe: static methods only. The reference meaning of a {@link Filter}, written from its
 * javadoc, that the contract tests hold every backend to.
 *
 * <p>Kept deliberately independent of the store's own evaluator: values compare within their
 * kind only (strings by code point, numbers numerically as doubles, booleans false before
 * true); {@code eq}, {@code gt}, ..., {@code in} need the key; {@code ne} and {@code notIn} are
 * exactly {@code not(eq)} and {@code not(in)}; time fields compare at microsecond precision.
 */
public final class FilterOracle {
    private FilterOracle() {}

    /** The filter as a predicate over memories. */
    public static Predicate<Memory> predicate(Filter filter) {
        return m -> matches(filter, m);
    }

    /** True if {@code m} matches {@code filter}. */
    public static boolean matches(Filter filter, Memory m) {
        if (filter instanceof Filter.Compare c) {
            if (c.op() == Filter.Op.NE) {
                return !matches(new Filter.Compare(c.field(), Filter.Op.EQ, c.value()), m);
            }
            Integer cmp = compare(stored(c.field(), m), c.value());
            if (cmp == null) {
                return false;
            }
            return switch (c.op()) {
                case EQ -> cmp == 0;
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
                case NE -> throw new AssertionError("handled above");
            };
        }
        if (filter instanceof Filter.In in) {
            Object stored = stored(in.field(), m);
            boolean any = in.values().stream().anyMatch(v -> Integer.valueOf(0).equals(compare(stored, v)));
            return any != in.negated();
        }
        if (filter instanceof Filter.Exists e) {
            return m.metadata().containsKey(e.field().key());
        }
        if (filter instanceof Filter.Contains c) {
            // Written independently of the store: a code-point scan, not String.contains.
            Object stored = m.metadata().asMap().get(c.field().key());
            if (!(stored instanceof String text)) {
                return false;
            }
            int[] hay = text.codePoints().toArray();
            int[] needle = c.substring().codePoints().toArray();
            for (int start = 0; start + needle.length <= hay.length; start++) {
                int k = 0;
                while (k < needle.length && hay[start + k] == needle[k]) {
                    k++;
                }
                if (k == needle.length) {
                    return true;
                }
            }
            return false;
        }
        if (filter instanceof Filter.And a) {
            return a.filters().stream().allMatch(f -> matches(f, m));
        }
        if (filter instanceof Filter.Or o) {
            return o.filters().stream().anyMatch(f -> matches(f, m));
        }
        return !matches(((Filter.Not) filter).filter(), m);
    }

    /** The memories of {@code all} that match, in the given order. */
    public static List<Memory> select(Filter filter, List<Memory> all) {
        return all.stream().filter(predicate(filter)).toList();
    }

    private static Object stored(Filter.Field field, Memory m) {
        return switch (field.kind()) {
            case METADATA -> m.metadata().get(field.key()).orElse(null);
            case CREATED_AT -> m.createdAt();
            case UPDATED_AT -> m.updatedAt();
        };
    }

    /** Null when absent or of different kinds: such pairs match nothing but {@code ne}/{@code notIn}. */
    private static Integer compare(Object stored, Object value) {
        if (stored instanceof String s && value instanceof String v) {
            return Integer.signum(Strings.compareCodePoints(s, v));
        }
        if (stored instanceof Number s && value instanceof Number v
                && !(stored instanceof Boolean) && !(value instanceof Boolean)) {
            return Integer.signum(Double.compare(s.doubleValue() + 0.0, v.doubleValue() + 0.0));
        }
        if (stored instanceof Boolean s && value instanceof Boolean v) {
            return Integer.signum(Boolean.compare(s, v));
        }
        if (stored instanceof Instant s && value instanceof Instant v) {
            return Integer.signum(s.truncatedTo(ChronoUnit.MICROS).compareTo(v.truncatedTo(ChronoUnit.MICROS)));
        }
        return null;
    }
}
