package dev.agentmemory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Immutable and thread-safe: typed key/value metadata of a memory.
 *
 * <p>Values are {@link String}, {@link Long}, {@link Double} or {@link Boolean}; {@code int},
 * {@code short} and {@code byte} are widened to {@code Long} and {@code float} to
 * {@code Double} on the way in. Keys are identifiers ({@link Limits#IDENTIFIER_PATTERN});
 * keys and sizes are checked by the store against its {@link Limits} when a memory is written.
 */
public final class Metadata {
    private static final Metadata EMPTY = new Metadata(Collections.emptySortedMap());

    private final Map<String, Object> values;

    private Metadata(Map<String, Object> values) {
        this.values = values;
    }

    /** Metadata with no entries. */
    public static Metadata empty() {
        return EMPTY;
    }

    /**
     * Copies a map into metadata.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_METADATA} if a key or value is
     *     null or a value has an unsupported type
     */
    public static Metadata of(Map<String, ?> map) {
        Objects.requireNonNull(map, "map");
        if (map.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new ValidationException(ErrorCode.INVALID_METADATA, "metadata key is null; use a non-null identifier");
            }
            copy.put(e.getKey(), normalize(e.getKey(), e.getValue()));
        }
        return new Metadata(Collections.unmodifiableSortedMap(copy));
    }

    /**
     * Returns metadata with one more entry (or one entry replaced).
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_METADATA} if the value is null
     *     or has an unsupported type
     */
    public Metadata with(String key, Object value) {
        Objects.requireNonNull(key, "key");
        TreeMap<String, Object> copy = new TreeMap<>(values);
        copy.put(key, normalize(key, value));
        return new Metadata(Collections.unmodifiableSortedMap(copy));
    }

    /** Returns metadata without {@code key}. */
    public Metadata without(String key) {
        if (!values.containsKey(key)) {
            return this;
        }
        TreeMap<String, Object> copy = new TreeMap<>(values);
        copy.remove(key);
        return copy.isEmpty() ? EMPTY : new Metadata(Collections.unmodifiableSortedMap(copy));
    }

    /**
     * Converts a supported Java value to its stored type.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_METADATA} for null or an
     *     unsupported type
     */
    public static Object normalize(String key, Object value) {
        if (value instanceof String || value instanceof Long || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        String type = value == null ? "null" : value.getClass().getName();
        throw new ValidationException(ErrorCode.INVALID_METADATA, "metadata value of '" + key + "' has type " + type
                + "; use a String, long, double or boolean");
    }

    /** The value of {@code key}, if present. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The string value of {@code key}, if present and a string. */
    public Optional<String> getString(String key) {
        return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The long value of {@code key}, if present and a long. */
    public Optional<Long> getLong(String key) {
        return values.get(key) instanceof Long l ? Optional.of(l) : Optional.empty();
    }

    /** The double value of {@code key}, if present and a double. */
    public Optional<Double> getDouble(String key) {
        return values.get(key) instanceof Double d ? Optional.of(d) : Optional.empty();
    }

    /** The boolean value of {@code key}, if present and a boolean. */
    public Optional<Boolean> getBoolean(String key) {
        return values.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /** True if {@code key} is present. */
    public boolean containsKey(String key) {
        return values.containsKey(key);
    }

    /** The number of entries. */
    public int size() {
        return values.size();
    }

    /** True if there are no entries. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** An unmodifiable view of the entries, sorted by key. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** A mutable copy of the entries, in key order. */
    public Map<String, Object> toMutableMap() {
        return new LinkedHashMap<>(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
