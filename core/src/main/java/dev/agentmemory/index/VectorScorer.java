package dev.agentmemory.index;

/**
 * Thread-safe once built: many threads may score slots of one query at once. Scores the slots
 * of a store for one query, as Lucene's {@code RandomVectorScorer} does: the scan and the
 * collector see only slots and scores, so a store with another layout (int8 quantized, a
 * streamed chunk) brings its own scorer and reuses {@link ExactScan} and {@link TopK}.
 */
public interface VectorScorer {
    /**
     * The score of the vector in {@code slot} for this scorer's query; higher is better.
     *
     * @throws ArrayIndexOutOfBoundsException if the slot is outside the store
     */
    double score(int slot);
}
