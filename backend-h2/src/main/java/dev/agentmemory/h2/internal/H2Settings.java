package dev.agentmemory.h2.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.jdbc.BackendProperties;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
        BackendProperties p = BackendProperties.of(describe, properties, "H2", NAMES, "");
        String durability = p.text("durability", "durable").trim().toLowerCase(Locale.ROOT);
        if (!durability.equals("durable") && !durability.equals("relaxed")) {
            throw p.invalid("durability is '" + properties.get("durability") + "'; use durable (the default:"
                    + " no acknowledged write is lost if the process is killed) or relaxed (faster; the writes of the"
                    + " last writeDelayMillis may be lost)");
        }
        boolean durable = durability.equals("durable");
        if (durable && p.has("writeDelayMillis")) {
            throw p.invalid("writeDelayMillis is set but durability is durable, which writes every commit"
                    + " at once; set durability=relaxed to use a write delay");
        }
        int writeDelay = durable ? 0 : (int) p.number("writeDelayMillis", 500, 1, 60_000);
        int lockTimeout = (int) p.number("lockTimeoutMillis", 10_000, 0, Integer.MAX_VALUE);
        int writers = (int) p.number("writers", 4, 1, 64);
        int readers = (int) p.number("readers", 4, 1, 64);
        long connectionTimeout = p.number("connectionTimeoutMillis", 30_000, 250, Long.MAX_VALUE);
        return new H2Settings(durable, writeDelay, lockTimeout, writers, readers, connectionTimeout);
    }
}
