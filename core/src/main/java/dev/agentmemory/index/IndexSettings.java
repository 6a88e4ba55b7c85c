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
 * @param rowCacheRows the most memories an index keeps of those its searches read, so that the
 *     next search among them needs no read (see {@link NamespaceIndex}); 0 keeps none
 * @param quantizeThreshold namespaces with at least this many vectors keep int8 codes instead of
 *     floats; MAX_VALUE for never
 * @param oversampling candidates per result a quantized search reads and rescores
 */
public record IndexSettings(int hnswThreshold, int hnswM, int efConstruction, int efSearch, int parallelScanThreshold,
        long stalenessNanos, int rowCacheRows, int quantizeThreshold, int oversampling) {

    /** Memories a namespace's index keeps of those its searches read, unless configured otherwise. */
    public static final int DEFAULT_ROW_CACHE_ROWS = StoreConfig.DEFAULT_SEARCH_ROW_CACHE;

    /** Settings with the default row cache. */
    public IndexSettings(int hnswThreshold, int hnswM, int efConstruction, int efSearch, int parallelScanThreshold,
            long stalenessNanos) {
        this(hnswThreshold, hnswM, efConstruction, efSearch, parallelScanThreshold, stalenessNanos,
                DEFAULT_ROW_CACHE_ROWS, Integer.MAX_VALUE, StoreConfig.Quantization.DEFAULT_OVERSAMPLING);
    }

    /** These settings with namespaces of at least {@code threshold} vectors quantized, {@code oversampling} candidates a result. */
    public IndexSettings quantized(int threshold, int oversampling) {
        return new IndexSettings(hnswThreshold, hnswM, efConstruction, efSearch, parallelScanThreshold, stalenessNanos,
                rowCacheRows, threshold, oversampling);
    }

    /**
     * The index settings of a store configuration.
     *
     * @throws NullPointerException if {@code c} is null
     */
    public static IndexSettings of(StoreConfig c) {
        StoreConfig.Index index = c.index();
        StoreConfig.Hnsw hnsw = index.hnsw();
        StoreConfig.Quantization q = c.quantization();
        // The graph is built from, and searched over, the float vectors: a store with HNSW keeps them.
        int quantizeThreshold = hnsw.enabled() ? Integer.MAX_VALUE : q.threshold();
        return new IndexSettings(hnsw.threshold(), hnsw.m(), hnsw.efConstruction(), hnsw.efSearch(),
                index.parallelScanThreshold(), index.staleness().toNanos(), c.searchRowCache(), quantizeThreshold,
                q.oversampling());
    }

    /** Exact search only, single-threaded, the counter read before every search: for tests and bare indexes. */
    public static final IndexSettings EXACT = new IndexSettings(Integer.MAX_VALUE, 16, 100, 64, Integer.MAX_VALUE, 0);
}
