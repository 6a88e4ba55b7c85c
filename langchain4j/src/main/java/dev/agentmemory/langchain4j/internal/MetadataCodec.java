package dev.agentmemory.langchain4j.internal;

import dev.agentmemory.Limits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Thread-safe: static methods only. Translates LangChain4j metadata (String, UUID, Integer, Long,
 * Float, Double) to agent-memory metadata (String, long, double, boolean) and back, exactly.
 *
 * <p>Each value is stored as the nearest core type: Integer as long, Float as double, UUID as its
 * canonical string. Because that loses the original type, and LangChain4j compares segments by
 * equality (an Integer must come back as an Integer), the keys whose type changed are listed in
 * one reserved entry, {@value #TYPES_KEY}, for example {@code "age:int,id:uuid"}. One entry for
 * all keys rather than one per key, so that a segment can carry almost the core's limit of
 * entries.
 *
 * <p>A Float is stored as the double nearest to its decimal form ({@code 1.1f} as {@code 1.1},
 * not {@code 1.100000023841858}), so that filters compare floats and doubles as LangChain4j does
 * (by decimal value); reading narrows it back to the same float.
 */
public final class MetadataCodec {
    /** Keys starting with this are the adapter's own; applications may not use them. */
    public static final String RESERVED_PREFIX = "lc4j.";
    /** Present, with the value {@code false}, on entries stored without a TextSegment. */
    public static final String TEXT_KEY = RESERVED_PREFIX + "text";
    /** Lists the keys whose LangChain4j type differs from the stored type. */
    public static final String TYPES_KEY = RESERVED_PREFIX + "types";

    private static final String INT = "int";
    private static final String FLOAT = "float";
    private static final String UUID_TAG = "uuid";

    private MetadataCodec() {}

    /**
     * Core metadata for a segment's metadata, reserved entries included.
     *
     * @throws IllegalArgumentException if a key is not a core identifier or is reserved
     */
    public static dev.agentmemory.Metadata toCore(dev.langchain4j.data.document.Metadata metadata) {
        Map<String, Object> values = new TreeMap<>();
        StringBuilder types = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(metadata.toMap()).entrySet()) {
            String key = checkKey(e.getKey(), "metadata key");
            Object value = e.getValue();
            values.put(key, toCoreValue(key, value));
            String tag = value instanceof Integer ? INT : value instanceof Float ? FLOAT
                    : value instanceof UUID ? UUID_TAG : null;
            if (tag != null) {
                types.append(types.length() == 0 ? "" : ",").append(key).append(':').append(tag);
            }
        }
        if (types.length() > 0) {
            values.put(TYPES_KEY, types.toString());
        }
        return dev.agentmemory.Metadata.of(values);
    }

    /**
     * LangChain4j metadata for stored metadata, without the reserved entries. Entries that other
     * code wrote as booleans, which LangChain4j cannot hold, come back as the strings
     * {@code "true"} and {@code "false"}.
     *
     * @throws IllegalStateException if the reserved type list does not fit the stored values
     */
    public static dev.langchain4j.data.document.Metadata fromCore(dev.agentmemory.Metadata metadata) {
        Map<String, String> types = parseTypes(metadata.getString(TYPES_KEY).orElse(""));
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : metadata.asMap().entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(RESERVED_PREFIX)) {
                values.put(key, fromCoreValue(key, e.getValue(), types.get(key)));
            }
        }
        return new dev.langchain4j.data.document.Metadata(values);
    }

    /**
     * The core value for a LangChain4j metadata or filter value.
     *
     * @throws IllegalArgumentException for a null value or a type LangChain4j metadata cannot hold
     */
    public static Object toCoreValue(String key, Object value) {
        if (value instanceof String || value instanceof Long || value instanceof Double) {
            return value;
        } else if (value instanceof Integer i) {
            return i.longValue();
        } else if (value instanceof Float f) {
            return floatToDouble(f);
        } else if (value instanceof UUID u) {
            return u.toString();
        }
        throw new IllegalArgumentException("value of metadata key '" + key + "' is "
                + (value == null ? "null" : "a " + value.getClass().getName())
                + "; use a String, UUID, Integer, Long, Float or Double, as LangChain4j metadata does");
    }

    /**
     * Checks that a metadata key can be stored: a core identifier outside the reserved prefix.
     *
     * @return the key
     * @throws IllegalArgumentException if it cannot
     */
    public static String checkKey(String key, String what) {
        if (key == null || !Limits.IDENTIFIER_PATTERN.matcher(key).matches()) {
            throw new IllegalArgumentException(what + " " + (key == null ? "null" : "'" + key + "'")
                    + " cannot be stored in agent-memory: keys are 1 to 64 letters, digits, '_', '-' or '.',"
                    + " starting with a letter or digit; rename the key");
        }
        if (key.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException(what + " '" + key + "' starts with '" + RESERVED_PREFIX
                    + "', which AgentMemoryEmbeddingStore reserves for its own entries; rename the key");
        }
        return key;
    }

    /**
     * The double nearest to the float's shortest decimal form, if it narrows back to the same float
     * (it almost always does); otherwise the float's exact value.
     */
    static double floatToDouble(float f) {
        double decimal = Double.parseDouble(Float.toString(f));
        return (float) decimal == f ? decimal : f;
    }

    private static Object fromCoreValue(String key, Object value, String tag) {
        if (tag == null) {
            return value instanceof Boolean b ? b.toString() : value;
        }
        try {
            return switch (tag) {
                case INT -> Math.toIntExact((Long) value);
                case FLOAT -> (float) (double) (Double) value;
                case UUID_TAG -> UUID.fromString((String) value);
                default -> throw new IllegalStateException("unknown type tag '" + tag + "'");
            };
        } catch (RuntimeException e) {
            throw new IllegalStateException("stored metadata key '" + key + "' holds " + value + " but " + TYPES_KEY
                    + " says it is a " + tag + "; the entry was changed by code other than this adapter."
                    + " Rewrite it through AgentMemoryEmbeddingStore or remove the key from " + TYPES_KEY, e);
        }
    }

    private static Map<String, String> parseTypes(String encoded) {
        Map<String, String> types = new TreeMap<>();
        if (encoded.isEmpty()) {
            return types;
        }
        for (String pair : encoded.split(",")) {
            int colon = pair.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("stored " + TYPES_KEY + " '" + encoded + "' is malformed; expected"
                        + " key:type pairs separated by commas. Remove it or rewrite the entry through"
                        + " AgentMemoryEmbeddingStore");
            }
            types.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return types;
    }
}
