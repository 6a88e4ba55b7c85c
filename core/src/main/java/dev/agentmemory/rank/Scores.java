package dev.agentmemory.rank;

import dev.agentmemory.Match;
import dev.agentmemory.ValidationException;
import dev.agentmemory.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Static helpers shared by the ranking steps. */
final class Scores {
    /** Keeps a factor of zero from turning a negative score into an infinity. */
    private static final double SMALLEST_FACTOR = 1e-12;

    private Scores() {}

    /**
     * The score lowered by {@code factor} in (0, 1]: multiplied when it is positive, divided when
     * it is negative, so a smaller factor never raises a match. Cosine and dot scores can be
     * negative, and multiplying those would move old or unimportant memories up.
     */
    static double lower(double score, double factor) {
        return score >= 0 ? score * factor : score / Math.max(factor, SMALLEST_FACTOR);
    }

    /** The factor of a boost of {@code weight} in [0, 1] for a signal in [0, 1]: 1 - weight + weight x signal. */
    static double factor(double weight, double signal) {
        return 1 - weight + weight * signal;
    }

    /** The matches with new scores, best first; equal scores keep their incoming order. */
    static List<Match> rescored(List<Match> candidates, double[] scores) {
        List<Match> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            out.add(new Match(candidates.get(i).memory(), scores[i]));
        }
        out.sort(Comparator.comparingDouble(Match::score).reversed()); // List.sort is stable
        return out;
    }

    /** Checks a weight of a boost. */
    static double weight(String what, double weight) {
        if (!(weight >= 0 && weight <= 1)) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, what + " weight is " + weight
                    + "; it must be in [0, 1]: 0 switches the step off, 1 applies it in full");
        }
        return weight;
    }
}
