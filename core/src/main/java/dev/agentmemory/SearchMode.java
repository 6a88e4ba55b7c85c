package dev.agentmemory;

/**
 * Immutable and thread-safe: which signals a search ranks by.
 *
 * <p>{@link Search#vector(float[])} is {@link #VECTOR}, {@link Search#keyword(String)} is
 * {@link #KEYWORD}, {@link Search#hybrid(float[], String)} is {@link #HYBRID}, and
 * {@link Search#text(String)} is {@link #AUTO}: hybrid whenever the store has both sides.
 */
public enum SearchMode {
    /**
     * The store chooses: {@link #HYBRID} when it can embed the text (an {@link Embedder}) and
     * its backend has a keyword index; {@link #VECTOR} when it has only the embedder, or when
     * the text has no word to look up (only punctuation or emoji); {@link #KEYWORD} when it has
     * only the keyword index.
     */
    AUTO,
    /** By vector similarity alone, the {@link Metric} of the search. */
    VECTOR,
    /** By the backend's full-text ranking of the query's words alone (BM25 or its like). */
    KEYWORD,
    /** Both, fused by the search's {@link Fusion}. */
    HYBRID
}
