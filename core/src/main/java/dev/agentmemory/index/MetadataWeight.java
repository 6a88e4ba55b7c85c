package dev.agentmemory.index;

import dev.agentmemory.Metadata;
import java.util.Map;

/**
 * Thread-safe: static methods only. An estimate of the heap a {@link Metadata} takes, with
 * compressed references (the default below 32 GB of heap): the object, its sorted map and
 * wrapper, and per entry the tree node, the key and a boxed value. Strings are counted as
 * one-byte (Latin-1) text, which is what identifiers and most values are.
 */
final class MetadataWeight {
    private static final int METADATA_AND_MAP = 16 + 48 + 24;
    private static final int ENTRY = 40;

    private MetadataWeight() {}

    /** The estimated bytes of {@code m}; 0 for empty metadata, which is one shared instance. */
    static long of(Metadata m) {
        if (m == null || m.isEmpty()) {
            return 0;
        }
        long bytes = METADATA_AND_MAP;
        for (Map.Entry<String, Object> e : m.asMap().entrySet()) {
            bytes += ENTRY + string(e.getKey()) + value(e.getValue());
        }
        return bytes;
    }

    private static long value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Boolean) {
            return 0; // Boolean.TRUE and FALSE are shared
        }
        return 16; // a boxed Long or Double
    }

    private static long string(String s) {
        return 24 + align(16 + s.length());
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
