package dev.agentmemory.langchain4j.internal;

/**
 * Thread-safe: static methods only. Converts between the store's cosine similarity, in [-1, 1],
 * and LangChain4j's relevance score, in [0, 1]: {@code (cosine + 1) / 2}, as
 * {@code RelevanceScore.fromCosineSimilarity} computes it.
 */
public final class RelevanceScores {
    /**
     * How far below the exact threshold the store is asked to search. Going from a relevance
     * score back to a cosine rounds, so a match whose relevance equals the caller's
     * {@code minScore} could fall just under the converted threshold; the adapter asks for a
     * little more and drops the extra by relevance, which is monotonic in cosine, so the result
     * is still the top matches at or above {@code minScore}.
     */
    private static final double SLACK = 1e-9;

    private RelevanceScores() {}

    /** The relevance score of a cosine similarity. */
    public static double fromCosine(double cosine) {
        return (cosine + 1) / 2;
    }

    /** The cosine threshold to search with for a relevance {@code minScore}: a little below the exact one. */
    public static double cosineThreshold(double minScore) {
        return 2 * minScore - 1 - SLACK;
    }
}
