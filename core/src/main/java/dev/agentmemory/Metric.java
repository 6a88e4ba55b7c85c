package dev.agentmemory;

/**
 * Immutable and thread-safe: how a search scores a stored vector against the query.
 *
 * <p>Higher scores are always better, so {@link Search#minScore} reads the same for every
 * metric.
 */
public enum Metric {
    /** Cosine similarity, in [-1, 1]. */
    COSINE,
    /** The dot product. */
    DOT,
    /** {@code 1 / (1 + d)} where {@code d} is the Euclidean distance: in (0, 1], 1 for identical vectors. */
    L2
}
