package dev.agentmemory.micrometer;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.StoreStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Thread-safe: share one instance. The store's latest {@link StoreStats}, read at most once per
 * {@code maxAge}: a scrape reads a few dozen meters, and each would otherwise ask the store.
 *
 * <p>Once the store is closed (or {@code stats()} fails) the last snapshot stays: a scrape must
 * never fail because the store behind one of its meters went away.
 */
final class StatsSnapshot {
    private static final StoreStats EMPTY = new StoreStats("", List.of(), Map.of(), 0, 0, 0, 0, 0);

    private record Taken(StoreStats stats, long atNanos) {}

    private final MemoryStore store;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private volatile Taken latest;

    StatsSnapshot(MemoryStore store, Duration maxAge, LongSupplier nanoClock) {
        this.store = Objects.requireNonNull(store, "store");
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The snapshot, refreshed if it is older than the maximum age. */
    StoreStats get() {
        Taken taken = latest;
        long now = nanoClock.getAsLong();
        if (taken != null && now - taken.atNanos() < maxAgeNanos) {
            return taken.stats();
        }
        // Two threads may both refresh at the boundary; both results are valid snapshots.
        StoreStats fresh = read(taken);
        latest = new Taken(fresh, now);
        return fresh;
    }

    private StoreStats read(Taken previous) {
        if (!store.isClosed()) {
            try {
                return store.stats();
            } catch (RuntimeException closedOrFailing) {
                // Keep the last figures; the next read tries again.
            }
        }
        return previous == null ? EMPTY : previous.stats();
    }
}
