package dev.agentmemory.rank;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Limits;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.Ranking;
import dev.agentmemory.ValidationException;
import java.util.List;
import java.util.Objects;

/**
 * Immutable and thread-safe: importance, a numeric metadata field as a weight on each match's
 * score, as the poignancy rating of generative agents (Park et al., 2023: an LLM rates each
 * memory from 1 to 10 when it is written; store that rating under a key).
 *
 * <p>The field's value is clamped to the range (by default [0, 1]; {@code range(1, 10)} for the
 * paper's scale) and scaled to a signal in [0, 1]. The score becomes
 * {@code score - weight x (1 - signal) x range}, where range is the spread of the candidates'
 * scores (best minus worst; 1 if they are all equal): at weight 1 (the default) a memory at the
 * bottom of the range loses the whole distance from the best candidate to the worst, as in the
 * importance + relevance sum of generative agents over normalised scores; at weight 0.5 half.
 *
 * <p><b>A memory without the field</b>, or whose value is not a number ({@code Long} or
 * {@code Double}), counts as {@link #ifMissing(double)}'s value, by default the bottom of the
 * range: unrated memories sink below rated ones. Give the middle of the range to keep them
 * neutral.
 */
public final class ImportanceRanking implements Ranking {
    private final String key;
    private final double low;
    private final double high;
    private final double missing;
    private final double weight;

    ImportanceRanking(String key, double low, double high, double missing, double weight) {
        Objects.requireNonNull(key, "key");
        if (!Limits.IDENTIFIER_PATTERN.matcher(key).matches()) {
            throw new ValidationException(ErrorCode.INVALID_IDENTIFIER, "importance key '" + key
                    + "' is not a metadata key; it must match " + Limits.IDENTIFIER_PATTERN.pattern());
        }
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "importance range [" + low + ", " + high
                    + "] is empty or not finite; give low < high, for example range(1, 10)");
        }
        if (!Double.isFinite(missing)) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "importance for a memory without '" + key
                    + "' is " + missing + "; give a finite number");
        }
        this.key = key;
        this.low = low;
        this.high = high;
        this.missing = missing;
        this.weight = Scores.weight("importance", weight);
    }

    /**
     * Returns this ranking over another range of the field; the value for a missing field
     * becomes the new low end.
     *
     * @throws ValidationException unless {@code low < high}, both finite
     */
    public ImportanceRanking range(double low, double high) {
        return new ImportanceRanking(key, low, high, low, weight);
    }

    /**
     * Returns this ranking counting a memory without a numeric field as {@code value}.
     *
     * @throws ValidationException if the value is not finite
     */
    public ImportanceRanking ifMissing(double value) {
        return new ImportanceRanking(key, low, high, value, weight);
    }

    /**
     * Returns this ranking with another weight.
     *
     * @param weight in [0, 1]: how much of the candidates' score range low importance can cost (0
     *     switches it off)
     * @throws ValidationException if the weight is outside [0, 1] or NaN
     */
    public ImportanceRanking weight(double weight) {
        return new ImportanceRanking(key, low, high, missing, weight);
    }

    /** The metadata key read. */
    public String key() {
        return key;
    }

    /** A memory's importance scaled to [0, 1] over the range; a missing field counts as {@link #ifMissing}. */
    public double signal(Memory memory) {
        double value = memory.metadata().get(key).filter(v -> v instanceof Long || v instanceof Double)
                .map(v -> ((Number) v).doubleValue()).orElse(missing);
        return (Math.min(high, Math.max(low, value)) - low) / (high - low);
    }

    /**
     * Weighs each score by its memory's importance.
     *
     * @return every candidate, best-first by the weighted score
     */
    @Override
    public List<Match> rank(Context context, List<Match> candidates) {
        return Scores.boostedAll(candidates, weight, this::signal);
    }

    @Override
    public String name() {
        return "importance(" + key + " in [" + low + ", " + high + "], missing=" + missing + ", weight=" + weight + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
