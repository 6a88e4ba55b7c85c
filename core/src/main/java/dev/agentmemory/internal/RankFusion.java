package dev.agentmemory.internal;

import dev.agentmemory.Fusion;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.SearchMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Thread-safe: static functions only. Turns the ranked lists of the two sides of a search into
 * explained matches: each side alone, or both fused by reciprocal rank or by weighted
 * normalised scores (see {@link Fusion}).
 */
final class RankFusion {
    private static final Comparator<Match> BEST_FIRST = Comparator.comparingDouble(Match::score).reversed()
            .thenComparing(m -> m.memory().id());

    private RankFusion() {}

    /** Vector matches, best first, each explained with its similarity and rank. */
    static List<Match> vectorOnly(List<Match> vector) {
        List<Match> out = new ArrayList<>(vector.size());
        for (int i = 0; i < vector.size(); i++) {
            Match m = vector.get(i);
            out.add(new Match(m.memory(), m.score(), new Match.Explanation(SearchMode.VECTOR,
                    OptionalDouble.of(m.score()), OptionalInt.of(i + 1), OptionalDouble.empty(), OptionalInt.empty(),
                    m.score())));
        }
        return out;
    }

    /** Keyword matches, best first, each explained with its keyword score and rank. */
    static List<Match> keywordOnly(List<Match> keyword) {
        List<Match> out = new ArrayList<>(keyword.size());
        for (int i = 0; i < keyword.size(); i++) {
            Match m = keyword.get(i);
            out.add(new Match(m.memory(), m.score(), new Match.Explanation(SearchMode.KEYWORD, OptionalDouble.empty(),
                    OptionalInt.empty(), OptionalDouble.of(m.score()), OptionalInt.of(i + 1), m.score())));
        }
        return out;
    }

    /**
     * Every candidate of either list, scored by {@code fusion}, best first (ties by id).
     *
     * @param vector the vector candidates, best first
     * @param keyword the keyword candidates, best first
     */
    static List<Match> fuse(Fusion fusion, List<Match> vector, List<Match> keyword) {
        Map<MemoryId, Candidate> all = new LinkedHashMap<>();
        double[] vectorNorm = normalised(vector);
        double[] keywordNorm = normalised(keyword);
        for (int i = 0; i < vector.size(); i++) {
            Candidate c = all.computeIfAbsent(vector.get(i).memory().id(), id -> new Candidate());
            c.memory = vector.get(i).memory();
            c.vectorScore = vector.get(i).score();
            c.vectorRank = i + 1;
            c.vectorNorm = vectorNorm[i];
        }
        for (int i = 0; i < keyword.size(); i++) {
            Candidate c = all.computeIfAbsent(keyword.get(i).memory().id(), id -> new Candidate());
            if (c.memory == null) {
                c.memory = keyword.get(i).memory();
            }
            c.keywordScore = keyword.get(i).score();
            c.keywordRank = i + 1;
            c.keywordNorm = keywordNorm[i];
        }
        List<Match> out = new ArrayList<>(all.size());
        for (Candidate c : all.values()) {
            // Reciprocal rank over its best possible value (first on both sides), so that both
            // fusions score in [0, 1] and 1 means first on both sides.
            double fused = fusion.kind() == Fusion.Kind.RECIPROCAL_RANK
                    ? c.reciprocalRank(fusion.k()) * (fusion.k() + 1) / 2.0
                    : fusion.vectorWeight() * c.vectorNorm + (1 - fusion.vectorWeight()) * c.keywordNorm;
            out.add(new Match(c.memory, fused, c.explain(fused)));
        }
        out.sort(BEST_FIRST);
        return out;
    }

    /** Min-max normalised scores in [0, 1]; a list whose scores are all equal maps to 1. */
    private static double[] normalised(List<Match> ranked) {
        double[] out = new double[ranked.size()];
        if (ranked.isEmpty()) {
            return out;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Match m : ranked) {
            min = Math.min(min, m.score());
            max = Math.max(max, m.score());
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = max > min ? (ranked.get(i).score() - min) / (max - min) : 1.0;
        }
        return out;
    }

    /** One memory's standing on each side; a rank of 0 means absent. */
    private static final class Candidate {
        Memory memory;
        double vectorScore;
        int vectorRank;
        double vectorNorm;
        double keywordScore;
        int keywordRank;
        double keywordNorm;

        double reciprocalRank(int k) {
            return (vectorRank > 0 ? 1.0 / (k + vectorRank) : 0) + (keywordRank > 0 ? 1.0 / (k + keywordRank) : 0);
        }

        Match.Explanation explain(double fused) {
            return new Match.Explanation(SearchMode.HYBRID,
                    vectorRank > 0 ? OptionalDouble.of(vectorScore) : OptionalDouble.empty(),
                    vectorRank > 0 ? OptionalInt.of(vectorRank) : OptionalInt.empty(),
                    keywordRank > 0 ? OptionalDouble.of(keywordScore) : OptionalDouble.empty(),
                    keywordRank > 0 ? OptionalInt.of(keywordRank) : OptionalInt.empty(), fused);
        }
    }
}
