package dev.agentmemory.index;

import dev.agentmemory.StoreConfig;

/**
 * Immutable and thread-safe: the search-index settings of a store, from its {@link StoreConfig}.
 *
 * @param hnswThreshold namespaces with at least this many vectors get an HNSW graph
 * @param hnswM links per node above level 0 (twice that at level 0)
 * @param efConstruction beam width while building
 * @param efSearch beam width while searching (at least topK)
 * @param parallelScanThreshold exact scans of at least this many vectors run on several threads
 * @param stalenessNanos a search skips the change-counter read if the last one is younger; 0 never skips
 */
public record IndexSettings(int hnswThreshold, int hnswM, int efConstruction, int efSearch, int parallelScanThreshold,
        long stalenessNanos) {

    /**
     * The index settings of a store configuration.
     *
     * @throws NullPointerException if {@code c} is null
     */
    public static IndexSettings of(StoreConfig c) {
        StoreConfig.Index index = c.index();
        StoreConfig.Hnsw hnsw = index.hnsw();
        return new IndexSettings(hnsw.threshold(), hnsw.m(), hnsw.efConstruction(), hnsw.efSearch(),
                index.parallelScanThreshold(), index.staleness().toNanos());
    }

    /** Exact search only, single-threaded, the counter read before every search: for tests and bare indexes. */
    public static final IndexSettings EXACT = new IndexSettings(Integer.MAX_VALUE, 16, 100, 64, Integer.MAX_VALUE, 0);
}
