package dev.agentmemory;

import java.util.List;
import java.util.Map;

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
 * @param groupedWrites single updates, deletes by id and conversation appends written in one
 *     transaction together with at least one other write (group commit)
 */
public record StoreStats(String backend, List<PoolStats> pools, Map<String, OperationStats> operations,
        int indexedNamespaces, long indexedVectors, long indexedBytes, long groupedPuts, long dedupHits,
        long groupedWrites) {

    /** Copies the collections. */
    public StoreStats {
        pools = List.copyOf(pools);
        operations = Map.copyOf(operations);
    }

    /** The statistics without {@code groupedWrites} (0), as before it was counted. */
    public StoreStats(String backend, List<PoolStats> pools, Map<String, OperationStats> operations,
            int indexedNamespaces, long indexedVectors, long indexedBytes, long groupedPuts, long dedupHits) {
        this(backend, pools, operations, indexedNamespaces, indexedVectors, indexedBytes, groupedPuts, dedupHits, 0);
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
