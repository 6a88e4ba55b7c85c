package dev.agentmemory.rank;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.Ranking;
import dev.agentmemory.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Immutable and thread-safe: recency, an exponential decay of each match's score with the age of
 * the memory, as in the memory stream of generative agents (Park et al., 2023).
 *
 * <p>A memory's age is the store clock's time of the search ({@link Context#now()}) minus its
 * created time (or updated time, {@link #byUpdated()}), never below zero. Its decay is
 * {@code 0.5^(age / halfLife)}: 1 for a memory written now, 0.5 one half-life ago. The score
 * becomes {@code score - weight x (1 - decay) x range}, where range is the spread of the
 * candidates' scores (best minus worst; 1 if they are all equal). So the weight is measured
 * against relevance whatever the embedder: at weight 1 (the default) a very old memory loses the
 * whole distance from the best candidate to the worst, as in the recency + relevance sum of
 * generative agents over scores normalised to [0, 1]; at weight 0.5 half of it. Matches are then
 * sorted by the new score; equal ones keep their order.
 */
public final class RecencyRanking implements Ranking {
    private final Duration halfLife;
    private final boolean byUpdated;
    private final double weight;

    RecencyRanking(Duration halfLife, boolean byUpdated, double weight) {
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "recency half-life is " + halfLife
                    + "; it must be positive, for example Duration.ofDays(7)");
        }
        this.halfLife = halfLife;
        this.byUpdated = byUpdated;
        this.weight = Scores.weight("recency", weight);
    }

    /** Returns this ranking measuring age from each memory's last update instead of its creation. */
    public RecencyRanking byUpdated() {
        return new RecencyRanking(halfLife, true, weight);
    }

    /**
     * Returns this ranking with another weight.
     *
     * @param weight in [0, 1]: how much of the candidates' score range age can cost (0 switches
     *     recency off)
     * @throws ValidationException if the weight is outside [0, 1] or NaN
     */
    public RecencyRanking weight(double weight) {
        return new RecencyRanking(halfLife, byUpdated, weight);
    }

    /** The age at which a memory's decay is 0.5. */
    public Duration halfLife() {
        return halfLife;
    }

    /** A memory's decay in (0, 1] at {@code now}: 1 for one written now, 0.5 one half-life old. */
    public double decay(Memory memory, Instant now) {
        Instant t = byUpdated ? memory.updatedAt() : memory.createdAt();
        double ageSeconds = Math.max(0, Duration.between(t, now).toNanos() / 1e9);
        return Math.pow(0.5, ageSeconds / (halfLife.toNanos() / 1e9));
    }

    /**
     * Lowers each score by its memory's age.
     *
     * @return every candidate, best-first by the decayed score
     */
    @Override
    public List<Match> rank(Context context, List<Match> candidates) {
        return Scores.boostedAll(candidates, weight, m -> decay(m, context.now()));
    }

    @Override
    public String name() {
        return "recency(halfLife=" + halfLife + ", " + (byUpdated ? "updated" : "created") + ", weight=" + weight + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
