package dev.agentmemory.h2.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Immutable and thread-safe: the H2 backend's settings, read from the store's properties.
 *
 * <ul>
 *   <li>{@code durability}: {@code durable} (default: H2's {@code WRITE_DELAY=0}, every commit
 *       is written to the file before it is acknowledged, so {@code kill -9} loses nothing) or
 *       {@code relaxed} ({@code WRITE_DELAY} of {@code writeDelayMillis}: commits are written in
 *       batches, faster, and a killed process loses the last ones);
 *   <li>{@code writeDelayMillis}: the write delay of {@code relaxed}, 1 to 60000, default 500
 *       (H2's own default); only with {@code durability=relaxed};
 *   <li>{@code lockTimeoutMillis}: how long a transaction waits for a row lock before failing
 *       with a retryable error, default 10000;
 *   <li>{@code writers}: the size of the write pool, 1 to 64, default 4;
 *   <li>{@code readers}: the size of the read pool, 1 to 64, default 4;
 *   <li>{@code connectionTimeoutMillis}: how long a call waits for a pooled connection, at
 *       least 250, default 30000.
 * </ul>
 *
 * @param durable true for {@code durability=durable}
 * @param writeDelayMillis H2's {@code WRITE_DELAY}: 0 when durable
 * @param lockTimeoutMillis H2's {@code LOCK_TIMEOUT}
 * @param writers the write pool size
 * @param readers the read pool size
 * @param connectionTimeoutMillis the pool borrow timeout
 */
public record H2Settings(boolean durable, int writeDelayMillis, int lockTimeoutMillis, int writers, int readers,
        long connectionTimeoutMillis) {
    /** The properties this backend understands. */
    public static final Set<String> NAMES = Set.of("durability", "writeDelayMillis", "lockTimeoutMillis", "writers",
            "readers", "connectionTimeoutMillis");

    /**
     * Reads the settings.
     *
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} for an unknown name, a
     *     bad value, or {@code writeDelayMillis} without {@code durability=relaxed}
     */
    public static H2Settings from(String describe, Map<String, String> properties) {
        for (String name : properties.keySet()) {
            if (!NAMES.contains(name)) {
                throw invalid(describe, "unknown property '" + name + "'; the H2 backend understands "
                        + new TreeSet<>(NAMES));
            }
        }
        String durability = properties.getOrDefault("durability", "durable").trim().toLowerCase(Locale.ROOT);
        if (!durability.equals("durable") && !durability.equals("relaxed")) {
            throw invalid(describe, "durability is '" + properties.get("durability") + "'; use durable (the default:"
                    + " no acknowledged write is lost if the process is killed) or relaxed (faster; the writes of the"
                    + " last writeDelayMillis may be lost)");
        }
        boolean durable = durability.equals("durable");
        if (durable && properties.containsKey("writeDelayMillis")) {
            throw invalid(describe, "writeDelayMillis is set but durability is durable, which writes every commit"
                    + " at once; set durability=relaxed to use a write delay");
        }
        int writeDelay = durable ? 0 : (int) number(describe, properties, "writeDelayMillis", 500, 1, 60_000);
        int lockTimeout = (int) number(describe, properties, "lockTimeoutMillis", 10_000, 0, Integer.MAX_VALUE);
        int writers = (int) number(describe, properties, "writers", 4, 1, 64);
        int readers = (int) number(describe, properties, "readers", 4, 1, 64);
        long connectionTimeout = number(describe, properties, "connectionTimeoutMillis", 30_000, 250, Long.MAX_VALUE);
        return new H2Settings(durable, writeDelay, lockTimeout, writers, readers, connectionTimeout);
    }

    private static long number(String describe, Map<String, String> properties, String name, long fallback, long min,
            long max) {
        String text = properties.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(describe, name + " is '" + text + "'; use a whole number from " + min
                + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? " up" : " to " + max));
    }

    private static MemoryStoreException invalid(String describe, String why) {
        return new MemoryStoreException(ErrorCode.INVALID_CONFIG, "[" + describe + "] " + why);
    }
}
