package dev.agentmemory.rank;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.Ranking;
import dev.agentmemory.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable and thread-safe: maximal marginal relevance (Carbonell and Goldstein, 1998), which
 * picks the topK one at a time, each the candidate with the best
 * {@code lambda x relevance - (1 - lambda) x (its highest cosine similarity to those already
 * picked)}, so five near-copies of one note do not fill the top five.
 *
 * <p>Relevance is the incoming score scaled to [0, 1] over the candidates (the best is 1, the
 * worst 0), which makes it comparable to a cosine whatever the metric or the steps before; the
 * similarity of two candidates is the cosine of their embeddings, counted as 0 when negative
 * (an opposite memory is not rewarded beyond an unrelated one). Each match's score becomes its
 * marginal value when it was picked, which never grows from one pick to the next. It returns at
 * most topK matches, so it belongs last in a chain of steps. Cost: topK x candidates cosines.
 */
public final class MaximalMarginalRelevance implements Ranking {
    private final double lambda;

    MaximalMarginalRelevance(double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "MMR lambda is " + lambda
                    + "; it must be in [0, 1]: 1 ranks by relevance alone, 0 by diversity alone, 0.5 to 0.7 is usual");
        }
        this.lambda = lambda;
    }

    /** The weight of relevance against diversity, in [0, 1]. */
    public double lambda() {
        return lambda;
    }

    /**
     * Picks a diverse topK.
     *
     * @return at most {@code context.topK()} matches, scored by marginal relevance
     */
    @Override
    public List<Match> rank(Context context, List<Match> candidates) {
        int n = candidates.size();
        int k = Math.min(context.topK(), n);
        double[] relevance = relevance(candidates);
        float[][] unit = new float[n][];
        for (int i = 0; i < n; i++) {
            unit[i] = unit(candidates.get(i).memory().embedding());
        }
        double[] closest = new double[n]; // highest similarity to a picked match, at least 0
        boolean[] picked = new boolean[n];
        List<Match> out = new ArrayList<>(k);
        while (out.size() < k) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double value = lambda * relevance[i] - (1 - lambda) * closest[i];
                if (!picked[i] && value > bestValue) { // ties keep the better incoming rank
                    best = i;
                    bestValue = value;
                }
            }
            picked[best] = true;
            out.add(new Match(candidates.get(best).memory(), bestValue));
            for (int i = 0; i < n; i++) {
                if (!picked[i]) {
                    closest[i] = Math.max(closest[i], dot(unit[best], unit[i]));
                }
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "mmr(lambda=" + lambda + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    private static double[] relevance(List<Match> candidates) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Match m : candidates) {
            lo = Math.min(lo, m.score());
            hi = Math.max(hi, m.score());
        }
        double[] out = new double[candidates.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = hi > lo ? (candidates.get(i).score() - lo) / (hi - lo) : 1;
        }
        return out;
    }

    private static float[] unit(float[] v) {
        double norm = Math.sqrt(dotRaw(v, v));
        if (norm == 0) {
            return v; // a zero vector is similar to nothing
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        return a.length == b.length ? dotRaw(a, b) : 0; // namespaces of other dimensions share nothing
    }

    private static double dotRaw(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
