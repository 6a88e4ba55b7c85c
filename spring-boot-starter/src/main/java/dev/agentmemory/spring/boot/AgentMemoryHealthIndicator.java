package dev.agentmemory.spring.boot;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.StoreStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Thread-safe: share one instance. Reports a {@link MemoryStore} as up when a read reaches its
 * database: it counts the memories of one small probe namespace (a primary-key lookup and an
 * empty scan), so a database that is down, full of locks or unreachable shows as down with the
 * store's own error message. The details name the backend and its pools.
 */
public class AgentMemoryHealthIndicator extends AbstractHealthIndicator {
    /** The tenant and namespace the probe reads; nothing is ever written there. */
    static final String PROBE_TENANT = "health";
    static final String PROBE_NAMESPACE = "probe";

    private final MemoryStore store;

    /**
     * An indicator for {@code store}.
     *
     * @throws NullPointerException if the store is null
     */
    public AgentMemoryHealthIndicator(MemoryStore store) {
        super("agent-memory health check failed");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (store.isClosed()) {
            builder.down().withDetail("store", store.describe()).withDetail("error", "the store is closed");
            return;
        }
        store.namespace(PROBE_TENANT, PROBE_NAMESPACE).count();
        StoreStats stats = store.stats();
        Map<String, Object> pools = new LinkedHashMap<>();
        for (StoreStats.PoolStats p : stats.pools()) {
            pools.put(p.name(), Map.of("active", p.active(), "idle", p.idle(), "waiting", p.waiting(), "open", p.total()));
        }
        builder.up().withDetail("store", stats.backend()).withDetail("pools", pools)
                .withDetail("indexedNamespaces", stats.indexedNamespaces()).withDetail("indexedVectors", stats.indexedVectors());
    }
}
