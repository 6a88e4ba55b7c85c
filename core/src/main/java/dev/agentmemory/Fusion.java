package dev.agentmemory;

/**
 * Immutable and thread-safe: how a hybrid search merges its vector and keyword rankings into
 * one.
 *
 * <ul>
 *   <li>{@link #reciprocalRank(int)} (the default, with k = {@value #DEFAULT_RRF_K}): a memory
 *       scores {@code 1/(k + rank)} on each side where it appears (ranks from 1), summed, and
 *       divided by the best sum possible, {@code 2/(k + 1)}: 1 means first on both sides, 0.5
 *       first on one side only. Scores are never compared across the sides, so a keyword score
 *       on one scale and a cosine on another need no calibration; a larger k flattens the head
 *       of each list.
 *   <li>{@link #weighted(double)}: each side's scores are min-max normalised to [0, 1] over
 *       its candidates, and a memory scores {@code w * vector + (1 - w) * keyword}, a side where
 *       it does not appear counting 0.
 * </ul>
 */
public final class Fusion {
    /** The reciprocal-rank constant of the default fusion, as in the paper that introduced it. */
    public static final int DEFAULT_RRF_K = 60;

    private static final Fusion DEFAULT = new Fusion(Kind.RECIPROCAL_RANK, DEFAULT_RRF_K, 0.5);

    /** The two ways of fusing. */
    public enum Kind {
        /** By reciprocal rank. */
        RECIPROCAL_RANK,
        /** By weighted normalised scores. */
        WEIGHTED
    }

    private final Kind kind;
    private final int k;
    private final double vectorWeight;

    private Fusion(Kind kind, int k, double vectorWeight) {
        this.kind = kind;
        this.k = k;
        this.vectorWeight = vectorWeight;
    }

    /** Reciprocal-rank fusion with k = {@value #DEFAULT_RRF_K}: the default. */
    public static Fusion reciprocalRank() {
        return DEFAULT;
    }

    /**
     * Reciprocal-rank fusion with constant {@code k}.
     *
     * @throws IllegalArgumentException if {@code k} is negative
     */
    public static Fusion reciprocalRank(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("the reciprocal-rank constant k is " + k + "; use 0 or more (the"
                    + " default is " + DEFAULT_RRF_K + ")");
        }
        return new Fusion(Kind.RECIPROCAL_RANK, k, 0.5);
    }

    /**
     * Weighted fusion of min-max normalised scores.
     *
     * @param vectorWeight the vector side's weight in [0, 1]; the keyword side gets the rest
     * @throws IllegalArgumentException if the weight is outside [0, 1] or NaN
     */
    public static Fusion weighted(double vectorWeight) {
        if (!(vectorWeight >= 0 && vectorWeight <= 1)) {
            throw new IllegalArgumentException("the vector weight is " + vectorWeight + "; use a number in [0, 1]"
                    + " (the keyword side gets 1 - weight)");
        }
        return new Fusion(Kind.WEIGHTED, DEFAULT_RRF_K, vectorWeight);
    }

    /** Which fusion this is. */
    public Kind kind() {
        return kind;
    }

    /** The reciprocal-rank constant (meaningful for {@link Kind#RECIPROCAL_RANK}). */
    public int k() {
        return k;
    }

    /** The vector side's weight (meaningful for {@link Kind#WEIGHTED}). */
    public double vectorWeight() {
        return vectorWeight;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fusion f && f.kind == kind && f.k == k && Double.compare(f.vectorWeight, vectorWeight) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + k * 7 + Double.hashCode(vectorWeight);
    }

    @Override
    public String toString() {
        return kind == Kind.RECIPROCAL_RANK ? "Fusion.reciprocalRank(" + k + ")" : "Fusion.weighted(" + vectorWeight
                + ")";
    }
}
