package dev.agentmemory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.agentmemory.StoreStats;
import dev.agentmemory.index.IndexSettings;
import dev.agentmemory.index.NamespaceIndex;
import dev.agentmemory.index.ScanPool;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance per store. The store's namespace indexes as a cache bounded
 * in bytes: a Caffeine cache weighed by {@link NamespaceIndex#weight()}, whose W-TinyLFU policy
 * evicts the namespaces used least (by recency and frequency, so a scan of many cold namespaces
 * does not flush the hot ones), and the namespaces too large for the budget, which are streamed.
 *
 * <p>Eviction only drops the cache's reference: a search or a write's near-duplicate check that
 * holds the index finishes on it, and the next search creates a new, empty index that loads the
 * namespace through the change-counter protocol. Two instances of one namespace may so exist for
 * a moment; each is correct on its own, as each has its own watermark.
 *
 * <p>An index's weight changes as it is loaded and as writes arrive; the cache re-weighs an
 * entry on a write only, so after every refresh that changed the weight {@link #refreshed} puts
 * the index again with {@code asMap().replace(key, index, index)}: a no-op if the index was
 * evicted or replaced meanwhile (then nothing stale is put back), an O(1) re-weigh otherwise,
 * after which Caffeine evicts what no longer fits. Caffeine's maintenance runs on the calling
 * threads ({@code executor(Runnable::run)}), so the store starts no thread for it.
 */
final class IndexCache {
    private static final Logger LOG = LoggerFactory.getLogger(IndexCache.class);

    private final String store;
    private final IndexSettings settings;
    private final ScanPool scanPool;
    private final long budget;
    private final Cache<String, NamespaceIndex> indexes;
    /** Namespaces too large for the budget: searched by streaming, logged once each. */
    private final Set<String> streamed = ConcurrentHashMap.newKeySet();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final LongAdder streamedSearches = new LongAdder();

    IndexCache(String store, IndexSettings settings, ScanPool scanPool, long budget) {
        this.store = store;
        this.settings = settings;
        this.scanPool = scanPool;
        this.budget = budget;
        this.indexes = Caffeine.newBuilder()
                .maximumWeight(budget)
                .weigher((String key, NamespaceIndex index) -> (int) Math.min(Integer.MAX_VALUE, index.weighed()))
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** The resident index of the namespace, created empty if absent; null if it is streamed. */
    NamespaceIndex get(String tenant, String namespace) {
        String key = key(tenant, namespace);
        if (streamed.contains(key)) {
            return null;
        }
        return indexes.get(key, k -> new NamespaceIndex(tenant, namespace, settings, scanPool, budget,
                this::loaded));
    }

    private void loaded(NamespaceIndex index, boolean complete, long nanos) {
        loads.increment();
        loadNanos.add(nanos);
    }

    /** After a refresh or a search of {@code index}: re-weighs it if its weight changed (see the class comment). */
    void refreshed(NamespaceIndex index) {
        if (index.reweighNeeded()) {
            indexes.asMap().replace(key(index.tenant(), index.namespace()), index, index);
        }
    }

    /** {@code index}'s load stopped at the budget: drop it and stream the namespace from now on. */
    void outgrew(NamespaceIndex index) {
        String key = key(index.tenant(), index.namespace());
        indexes.asMap().remove(key, index);
        if (streamed.add(key)) {
            LOG.info("[{}] namespace {} holds more than the search index budget of {} bytes: it is not kept in"
                    + " memory, and its searches read it from the database in pages of {} rows. Raise"
                    + " StoreConfig.Builder.indexBudget to keep it resident.", store, key, budget,
                    dev.agentmemory.index.StreamedScan.PAGE);
        }
    }

    /**
     * Counts a streamed search that saw {@code rows} live memories of dimension {@code dimension};
     * a namespace that shrank well below the budget becomes resident again on its next search.
     */
    void streamedSearch(String tenant, String namespace, long rows, int dimension) {
        streamedSearches.increment();
        long estimate = NamespaceIndex.OVERHEAD_BYTES + rows * (4L * Math.max(dimension, 1) + 64);
        if (estimate < budget / 2 && streamed.remove(key(tenant, namespace))) {
            LOG.info("[{}] namespace {}/{} fits the search index budget again: it is kept in memory from its next"
                    + " search", store, tenant, namespace);
        }
    }

    /** Namespaces whose index is resident. */
    int residentNamespaces() {
        return (int) indexes.estimatedSize();
    }

    /** Vectors held by the resident indexes. */
    long vectors() {
        long vectors = 0;
        for (NamespaceIndex index : indexes.asMap().values()) {
            vectors += index.size();
        }
        return vectors;
    }

    /** Bytes the resident indexes hold for scanning (see {@link NamespaceIndex#bytes()}). */
    long bytes() {
        long bytes = 0;
        for (NamespaceIndex index : indexes.asMap().values()) {
            bytes += index.bytes();
        }
        return bytes;
    }

    /** The cache's figures now. */
    StoreStats.IndexStats stats() {
        long resident = 0;
        long metadata = 0;
        for (NamespaceIndex index : indexes.asMap().values()) {
            resident += index.weight();
            metadata += index.metadataBytes();
        }
        CacheStats s = indexes.stats();
        return new StoreStats.IndexStats(budget, resident, metadata, s.hitCount(), s.missCount(), loads.sum(),
                loadNanos.sum() / 1_000_000, s.evictionCount(), streamedSearches.sum(), streamed.size());
    }

    /** Drops every index. */
    /** Drops a namespace's index (erased); a later search loads it again. */
    void forget(String tenant, String namespace) {
        indexes.invalidate(key(tenant, namespace));
    }

    /** Drops every index of a tenant (erased). */
    void forgetTenant(String tenant) {
        String prefix = key(tenant, "");
        indexes.asMap().keySet().removeIf(key -> key.startsWith(prefix));
    }

    void clear() {
        indexes.invalidateAll();
        streamed.clear();
    }

    private static String key(String tenant, String namespace) {
        return tenant + '/' + namespace;
    }
}
