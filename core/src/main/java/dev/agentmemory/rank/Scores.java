package dev.agentmemory.rank;

import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.ValidationException;
import dev.agentmemory.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Static helpers shared by the ranking steps. */
final class Scores {
    private Scores() {}

    /**
     * The unit of a boost: the range of the candidates' scores (best minus worst), so a boost
     * weighs the same against relevance whatever the metric or the embedder's spread of cosines
     * (bge's crowd between 0.6 and 0.9, MiniLM's spread wider); 1 when every score is equal.
     * Over scores min-max normalised to [0, 1] this is the weighted sum of generative agents.
     */
    static double unit(List<Match> candidates) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Match m : candidates) {
            lo = Math.min(lo, m.score());
            hi = Math.max(hi, m.score());
        }
        return hi > lo ? hi - lo : 1;
    }

    /**
     * The score less its boost's shortfall: {@code score - weight x (1 - signal) x unit}. A
     * signal of 1 (a memory written now, the top of the importance range) keeps the score.
     */
    static double boosted(double score, double weight, double signal, double unit) {
        return score - weight * (1 - signal) * unit;
    }

    /** Each candidate's score less its boost's shortfall ({@link #boosted}), best first. */
    static List<Match> boostedAll(List<Match> candidates, double weight, ToDoubleFunction<Memory> signal) {
        double unit = unit(candidates);
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            Match m = candidates.get(i);
            scores[i] = boosted(m.score(), weight, signal.applyAsDouble(m.memory()), unit);
        }
        return rescored(candidates, scores);
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
