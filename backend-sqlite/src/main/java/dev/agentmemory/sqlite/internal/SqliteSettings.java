package dev.agentmemory.sqlite.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.jdbc.BackendProperties;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Immutable and thread-safe: the SQLite backend's settings, read from the store's properties.
 *
 * <ul>
 *   <li>{@code synchronous}: {@code OFF}, {@code NORMAL} (default: durable in WAL mode except
 *       for the last transactions on power loss), {@code FULL} or {@code EXTRA};
 *   <li>{@code busyTimeoutMillis}: how long a connection waits for a lock, default 10000;
 *   <li>{@code readers}: the size of the reader pool, 1 to 64, default 4;
 *   <li>{@code connectionTimeoutMillis}: how long a call waits for a pooled connection,
 *       at least 250, default 30000;
 *   <li>{@code statementCacheSize}: compiled statements kept per connection, 0 to 1024,
 *       default 64 (0 turns the cache off).
 * </ul>
 *
 * @param synchronous the {@code synchronous} pragma
 * @param busyTimeoutMillis the {@code busy_timeout} pragma
 * @param readers the reader pool size
 * @param connectionTimeoutMillis the pool borrow timeout
 * @param statementCacheSize the compiled statements kept per connection
 */
public record SqliteSettings(String synchronous, int busyTimeoutMillis, int readers, long connectionTimeoutMillis,
        int statementCacheSize) {
    /** The properties this backend understands. */
    public static final Set<String> NAMES = Set.of("synchronous", "busyTimeoutMillis", "readers",
            "connectionTimeoutMillis", "statementCacheSize");
    private static final Set<String> SYNCHRONOUS = Set.of("OFF", "NORMAL", "FULL", "EXTRA");

    /**
     * Reads the settings.
     *
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} for an unknown name or
     *     a bad value
     */
    public static SqliteSettings from(String describe, Map<String, String> properties) {
        BackendProperties p = BackendProperties.of(describe, properties, "SQLite", NAMES, "");
        String synchronous = p.text("synchronous", "NORMAL").trim().toUpperCase(Locale.ROOT);
        if (!SYNCHRONOUS.contains(synchronous)) {
            throw p.invalid("synchronous is '" + properties.get("synchronous") + "'; use OFF, NORMAL, FULL or EXTRA");
        }
        int busy = (int) p.number("busyTimeoutMillis", 10_000, 0, Integer.MAX_VALUE);
        int readers = (int) p.number("readers", 4, 1, 64);
        long connectionTimeout = p.number("connectionTimeoutMillis", 30_000, 250, Long.MAX_VALUE);
        int statementCache = (int) p.number("statementCacheSize", 64, 0, 1024);
        return new SqliteSettings(synchronous, busy, readers, connectionTimeout, statementCache);
    }
}
