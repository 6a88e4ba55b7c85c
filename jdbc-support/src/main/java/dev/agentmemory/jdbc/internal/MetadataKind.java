package dev.agentmemory.jdbc.internal;

/**
 * Immutable and thread-safe: how one metadata value is stored in {@code memory_metadata}.
 *
 * <p>The {@code kind} column says which Java type the value had; {@code str_value} holds
 * strings, {@code num_value} holds every number as a double (so long and double compare
 * numerically, as the filter semantics require), and {@code long_value} holds the exact value:
 * longs as they are, booleans as 0/1, and doubles as their IEEE 754 bits (databases may store a
 * REAL that is a whole number as an integer and lose {@code -0.0}; the bits never change).
 */
enum MetadataKind {
    STRING("s"), LONG("l"), DOUBLE("d"), BOOLEAN("b");

    private final String code;

    MetadataKind(String code) {
        this.code = code;
    }

    /** The one-character code stored in the {@code kind} column. */
    String code() {
        return code;
    }

    static MetadataKind of(Object value) {
        if (value instanceof String) {
            return STRING;
        } else if (value instanceof Long) {
            return LONG;
        } else if (value instanceof Double) {
            return DOUBLE;
        } else if (value instanceof Boolean) {
            return BOOLEAN;
        }
        throw new IllegalArgumentException("unsupported metadata value type "
                + (value == null ? "null" : value.getClass().getName()));
    }

    static MetadataKind fromCode(String code) {
        for (MetadataKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        throw new IllegalStateException("stored metadata kind '" + code + "' is unknown: the row is corrupt");
    }

    /** The value for {@code str_value}, or null. */
    static String strValue(Object value) {
        return value instanceof String s ? s : null;
    }

    /** The value for {@code num_value}, or null. */
    static Double numValue(Object value) {
        return value instanceof Long l ? Double.valueOf(l.doubleValue()) : value instanceof Double d ? d : null;
    }

    /** The value for {@code long_value}, or null. */
    static Long longValue(Object value) {
        if (value instanceof Double d) {
            return Double.doubleToRawLongBits(d);
        }
        return value instanceof Long l ? l : value instanceof Boolean b ? Long.valueOf(b ? 1 : 0) : null;
    }

    /** Rebuilds the Java value from the stored columns. */
    Object decode(String str, long lng) {
        return switch (this) {
            case STRING -> str;
            case LONG -> lng;
            case DOUBLE -> Double.longBitsToDouble(lng);
            case BOOLEAN -> lng != 0;
        };
    }
}
