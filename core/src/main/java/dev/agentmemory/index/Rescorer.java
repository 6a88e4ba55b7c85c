package dev.agentmemory.index;

import dev.agentmemory.Metadata;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metric;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;

/**
 * Thread-safe if what it reads is: the exact second pass of a {@link QuantizedSearch}, which
 * scores a few candidate slots against their full-precision vectors. It takes the candidates as
 * one batch so that vectors kept outside the heap (in the database, in a file) are read back
 * in one round trip.
 */
@FunctionalInterface
public interface Rescorer {
    /**
     * Writes the exact score of each of {@code slots[0, count)} to {@code scores[0, count)}.
     *
     * @throws RuntimeException whatever reading the vectors back threw
     */
    void score(int[] slots, int count, double[] scores);

    /**
     * A rescorer that asks {@code exact} slot by slot: for float vectors still in memory, such as
     * a {@link FloatVectorScorer} over the slot store.
     *
     * @throws NullPointerException if {@code exact} is null
     */
    static Rescorer of(VectorScorer exact) {
        if (exact == null) {
            throw new NullPointerException("exact scorer");
        }
        return (slots, count, scores) -> {
            for (int i = 0; i < count; i++) {
                scores[i] = exact.score(slots[i]);
            }
        };
    }

    /**
     * A rescorer over vectors read back in one batch: {@code readBack} gets the candidate slots
     * and returns their float vectors in the same order. They are scored by
     * {@link FloatVectorScorer}, so a rescored candidate has exactly the score a float scan
     * gives it.
     *
     * @throws NullPointerException if an argument is null
     */
    static Rescorer readingBack(Function<int[], float[][]> readBack, float[] q, Metric metric, VectorKernel kernel) {
        if (readBack == null || q == null || metric == null || kernel == null) {
            throw new NullPointerException("readBack, q, metric and kernel are required");
        }
        return (slots, count, scores) -> {
            if (count == 0) {
                return;
            }
            int[] asked = Arrays.copyOf(slots, count);
            float[][] vectors = readBack.apply(asked);
            if (vectors.length != count) {
                throw new IllegalStateException("read back " + vectors.length + " vectors for " + count
                        + " candidate slots");
            }
            // A small store of just the candidates, so the float scorer's formulas are the only ones.
            SlotStore batch = new SlotStore("rescore");
            for (int i = 0; i < count; i++) {
                batch.put(IndexedRow.bare(MemoryId.of(new UUID(0, i))), vectors[i]);
            }
            FloatVectorScorer scorer = FloatVectorScorer.of(batch, q, metric, kernel);
            for (int i = 0; i < count; i++) {
                scores[i] = scorer.score(i);
            }
        };
    }
}
