package dev.agentmemory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Immutable and thread-safe: a condition on a memory's metadata and timestamps.
 *
 * <p>The same filter means the same thing everywhere: in {@link Namespace#list},
 * {@link Namespace#count(Filter)} and {@link Namespace#deleteWhere} it runs inside the
 * database (keys and values always travel as bind parameters); in {@link Search} it is
 * applied during the scan, so a filtered search still returns {@code topK} matches whenever
 * that many memories pass the filter.
 *
 * <p>Semantics:
 * <ul>
 *   <li>Values compare within their kind only: strings with strings (by Unicode code
 *       point, which is UTF-8 byte order, on every backend), numbers with numbers ({@code long} and
 *       {@code double} compare numerically, as doubles), booleans with booleans. A value of
 *       another kind never matches {@code eq}, {@code gt}, ... or {@code in}.
 *   <li>{@code eq, gt, gte, lt, lte, in, contains} need the key to be present;
 *       {@code contains} matches string values only.
 *   <li>{@code ne(k, v)} and {@code notIn(k, vs)} match every memory that does not have
 *       {@code k} equal to {@code v} (or to one of {@code vs}), including memories without
 *       {@code k}: they are exactly {@code not(eq(k, v))} and {@code not(in(k, vs))}.
 *   <li>Time fields ({@link Field#CREATED_AT}, {@link Field#UPDATED_AT}) take {@link Instant}
 *       values, compared at microsecond precision; {@code exists} is not defined on them.
 * </ul>
 */
public sealed interface Filter permits Filter.Compare, Filter.In, Filter.Exists, Filter.Contains, Filter.And, Filter.Or,
        Filter.Not {

    /** A comparison operator. */
    enum Op {
        EQ("="), NE("<>"), GT(">"), GTE(">="), LT("<"), LTE("<=");

        private final String sql;

        Op(String sql) {
            this.sql = sql;
        }

        /** The SQL spelling of the operator. */
        public String sql() {
            return sql;
        }
    }

    /**
     * Immutable and thread-safe: what a filter tests: a metadata key, or a timestamp.
     *
     * @param kind metadata, created or updated
     * @param key the metadata key, or null for a time field
     */
    record Field(Kind kind, String key) {
        /** The kind of field. */
        public enum Kind { METADATA, CREATED_AT, UPDATED_AT }

        /** The memory's creation time. */
        public static final Field CREATED_AT = new Field(Kind.CREATED_AT, null);
        /** The memory's last write time. */
        public static final Field UPDATED_AT = new Field(Kind.UPDATED_AT, null);

        /** Validates the shape of a field. */
        public Field {
            Objects.requireNonNull(kind, "kind");
            if ((kind == Kind.METADATA) != (key != null)) {
                throw new IllegalArgumentException("a metadata field needs a key, a time field none");
            }
        }

        /** A metadata key. */
        public static Field metadata(String key) {
            return new Field(Kind.METADATA, Objects.requireNonNull(key, "key"));
        }

        /** True for the time fields. */
        public boolean isTime() {
            return kind != Kind.METADATA;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case METADATA -> key;
                case CREATED_AT -> "@createdAt";
                case UPDATED_AT -> "@updatedAt";
            };
        }
    }

    /**
     * {@code field op value}.
     *
     * @param field what is compared
     * @param op the operator
     * @param value a String, Long, Double, Boolean, or an Instant for time fields
     */
    record Compare(Field field, Op op, Object value) implements Filter {
        /** Normalizes the value (int to long, float to double). */
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            value = normalizeValue(field, value);
        }
    }

    /**
     * {@code field in (values)}, or {@code not in} when {@code negated}.
     *
     * @param field what is compared
     * @param values the candidates, not empty
     * @param negated true for {@code notIn}
     */
    record In(Field field, List<Object> values, boolean negated) implements Filter {
        /** Normalizes and copies the values. */
        public In {
            Objects.requireNonNull(field, "field");
            List<Object> copy = new ArrayList<>(values.size());
            for (Object v : values) {
                copy.add(normalizeValue(field, v));
            }
            values = List.copyOf(copy);
        }
    }

    /**
     * The metadata key is present, with any value.
     *
     * @param field a metadata field
     */
    record Exists(Field field) implements Filter {
        /** Checks the field. */
        public Exists {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * The metadata key holds a string that contains {@code substring} (case-sensitive, by code
     * point; an empty substring matches every string value).
     *
     * @param field a metadata field
     * @param substring what to look for
     */
    record Contains(Field field, String substring) implements Filter {
        /** Checks the fields. */
        public Contains {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(substring, "substring");
        }
    }

    /**
     * Every filter matches.
     *
     * @param filters the operands
     */
    record And(List<Filter> filters) implements Filter {
        /** Copies the operands. */
        public And {
            filters = List.copyOf(filters);
        }
    }

    /**
     * At least one filter matches.
     *
     * @param filters the operands
     */
    record Or(List<Filter> filters) implements Filter {
        /** Copies the operands. */
        public Or {
            filters = List.copyOf(filters);
        }
    }

    /**
     * The filter does not match.
     *
     * @param filter the operand
     */
    record Not(Filter filter) implements Filter {
        /** Checks the operand. */
        public Not {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /** Metadata {@code key} equals {@code value}. */
    static Filter eq(String key, Object value) {
        return new Compare(Field.metadata(key), Op.EQ, value);
    }

    /** Metadata {@code key} is absent or differs from {@code value}. */
    static Filter ne(String key, Object value) {
        return new Compare(Field.metadata(key), Op.NE, value);
    }

    /** Metadata {@code key} is greater than {@code value}. */
    static Filter gt(String key, Object value) {
        return new Compare(Field.metadata(key), Op.GT, value);
    }

    /** Metadata {@code key} is greater than or equal to {@code value}. */
    static Filter gte(String key, Object value) {
        return new Compare(Field.metadata(key), Op.GTE, value);
    }

    /** Metadata {@code key} is less than {@code value}. */
    static Filter lt(String key, Object value) {
        return new Compare(Field.metadata(key), Op.LT, value);
    }

    /** Metadata {@code key} is less than or equal to {@code value}. */
    static Filter lte(String key, Object value) {
        return new Compare(Field.metadata(key), Op.LTE, value);
    }

    /** Metadata {@code key} equals one of {@code values}. */
    static Filter in(String key, Collection<?> values) {
        return new In(Field.metadata(key), new ArrayList<>(values), false);
    }

    /** Metadata {@code key} is absent or equals none of {@code values}. */
    static Filter notIn(String key, Collection<?> values) {
        return new In(Field.metadata(key), new ArrayList<>(values), true);
    }

    /** Metadata {@code key} holds a string containing {@code substring} (case-sensitive). */
    static Filter contains(String key, String substring) {
        return new Contains(Field.metadata(key), substring);
    }

    /** Metadata {@code key} is present. */
    static Filter exists(String key) {
        return new Exists(Field.metadata(key));
    }

    /** Every one of {@code filters} matches; with none, every memory matches. */
    static Filter and(Filter... filters) {
        return new And(List.of(filters));
    }

    /** At least one of {@code filters} matches; with none, no memory matches. */
    static Filter or(Filter... filters) {
        return new Or(List.of(filters));
    }

    /** {@code filter} does not match. */
    static Filter not(Filter filter) {
        return new Not(filter);
    }

    /** A comparison on any field, for example {@code compare(Field.CREATED_AT, Op.GTE, t)}. */
    static Filter compare(Field field, Op op, Object value) {
        return new Compare(field, op, value);
    }

    /** Created strictly after {@code time}. */
    static Filter createdAfter(Instant time) {
        return new Compare(Field.CREATED_AT, Op.GT, time);
    }

    /** Created strictly before {@code time}. */
    static Filter createdBefore(Instant time) {
        return new Compare(Field.CREATED_AT, Op.LT, time);
    }

    /** Created at or after {@code from} and strictly before {@code to}. */
    static Filter createdBetween(Instant from, Instant to) {
        return and(new Compare(Field.CREATED_AT, Op.GTE, from), new Compare(Field.CREATED_AT, Op.LT, to));
    }

    /** Last written strictly after {@code time}. */
    static Filter updatedAfter(Instant time) {
        return new Compare(Field.UPDATED_AT, Op.GT, time);
    }

    /** Last written strictly before {@code time}. */
    static Filter updatedBefore(Instant time) {
        return new Compare(Field.UPDATED_AT, Op.LT, time);
    }

    /**
     * Normalizes a filter value for its field.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_FILTER} if the value's type
     *     does not fit the field
     */
    private static Object normalizeValue(Field field, Object value) {
        if (field.isTime()) {
            if (value instanceof Instant) {
                return value;
            }
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter on " + field + " needs an Instant, got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        try {
            return Metadata.normalize(field.key(), value);
        } catch (ValidationException e) {
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter value of '" + field.key() + "' is "
                    + (value == null ? "null" : "a " + value.getClass().getName())
                    + "; use a String, long, double or boolean (use exists/not(exists) to test presence)");
        }
    }
}
