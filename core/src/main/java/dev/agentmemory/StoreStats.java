package dev.agentmemory;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable and thread-safe: a snapshot of a store's activity.
 *
 * @param backend the backend and location, for example {@code sqlite:./data/m.db}
 * @param pools the connection pools, one per role
 * @param operations per operation name
 * @param indexedNamespaces namespaces whose search index is loaded
 * @param indexedVectors vectors held by the loaded indexes
 * @param indexedBytes heap the loaded indexes hold for scanning: vectors, norms, expiry and graph
 *     links (the content and metadata they also keep are not counted)
 * @param groupedPuts single puts written in one transaction together with at least one other write
 *     (group commit); a measure of how much concurrent puts overlapped
 * @param dedupHits drafts that were not stored because the namespace held their content (exact
 *     deduplication) or a near-duplicate (a near-duplicate policy), counted on first attempts
 * @param index the search index as a cache: budget, residency, hits, misses, loads, evictions
 * @param groupedWrites single updates, deletes by id and conversation appends written in one
 *     transaction together with at least one other write (group commit)
 */
public record StoreStats(String backend, List<PoolStats> pools, Map<String, OperationStats> operations,
        int indexedNamespaces, long indexedVectors, long indexedBytes, long groupedPuts, long dedupHits,
        IndexStats index, long groupedWrites) {

    /** Copies the collections. */
    public StoreStats {
        pools = List.copyOf(pools);
        operations = Map.copyOf(operations);
        Objects.requireNonNull(index, "index");
    }

    /** Stats without index cache figures ({@link IndexStats#NONE}) and without {@code groupedWrites} (0). */
    public StoreStats(String backend, List<PoolStats> pools, Map<String, OperationStats> operations,
            int indexedNamespaces, long indexedVectors, long indexedBytes, long groupedPuts, long dedupHits) {
        this(backend, pools, operations, indexedNamespaces, indexedVectors, indexedBytes, groupedPuts, dedupHits,
                IndexStats.NONE, 0);
    }

    /**
     * Immutable and thread-safe: the search index as a bounded cache of namespace indexes.
     *
     * <p>{@code indexedBytes} of the enclosing stats counts what every memory costs a scan
     * (vector, norm, expiry, id, timestamps) plus graph links; {@code metadataBytes} is the
     * estimated heap of the metadata kept for filters, counted separately. Both count against
     * {@code budgetBytes}.
     *
     * @param budgetBytes the heap the indexes may hold together
     * @param residentBytes what the resident indexes weigh now (scan bytes plus metadata)
     * @param metadataBytes the estimated heap of the metadata the resident indexes keep for filters
     * @param hits searches whose namespace index was resident
     * @param misses searches whose namespace index was not (first use, or evicted)
     * @param loads full loads of a namespace from the database
     * @param loadMillis time spent in those loads, in all
     * @param evictions namespace indexes evicted to stay within the budget
     * @param streamedSearches searches of namespaces larger than the budget, streamed from the database
     * @param streamedNamespaces namespaces currently searched by streaming
     */
    public record IndexStats(long budgetBytes, long residentBytes, long metadataBytes, long hits, long misses,
            long loads, long loadMillis, long evictions, long streamedSearches, int streamedNamespaces) {
        /** No figures: for stats made without a search index. */
        public static final IndexStats NONE = new IndexStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Immutable and thread-safe: one connection pool.
     *
     * @param name the pool's role, for example {@code writer} or {@code reader}
     * @param total connections open
     * @param active connections borrowed
     * @param idle connections waiting in the pool
     * @param waiting threads waiting for a connection
     */
    public record PoolStats(String name, int total, int active, int idle, int waiting) {}

    /**
     * Immutable and thread-safe: one operation's counts.
     *
     * @param calls completed calls
     * @param failures calls that threw
     * @param retries transparent retries
     * @param meanMicros mean latency
     * @param maxMicros highest latency
     * @param conflicts calls that failed with {@link ErrorCode#VERSION_CONFLICT} (counted in
     *     {@code failures} too)
     */
    public record OperationStats(long calls, long failures, long retries, long meanMicros, long maxMicros,
            long conflicts) {}
}
