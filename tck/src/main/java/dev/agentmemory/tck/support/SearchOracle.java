package dev.agentmemory.tck.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metric;
import dev.agentmemory.Search;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Thread-safe: static methods only. Brute-force exact search in double precision: the answer
 * every backend's search must give.
 */
public final class SearchOracle {
    /** Scores may differ from the oracle's by this much (float arithmetic, normalisation). */
    public static final double SCORE_TOLERANCE = 1e-4;

    private SearchOracle() {}

    /**
     * Immutable and thread-safe: one expected match.
     *
     * @param memory the memory
     * @param score its exact score
     */
    public record Scored(Memory memory, double score) {}

    /** The score of {@code v} against {@code q} under {@code metric}, in double precision. */
    public static double score(Metric metric, float[] q, float[] v) {
        double dot = 0;
        double qq = 0;
        double vv = 0;
        double dd = 0;
        for (int i = 0; i < q.length; i++) {
            dot += (double) q[i] * v[i];
            qq += (double) q[i] * q[i];
            vv += (double) v[i] * v[i];
            double d = (double) q[i] - v[i];
            dd += d * d;
        }
        return switch (metric) {
            case COSINE -> dot / (Math.sqrt(qq) * Math.sqrt(vv));
            case DOT -> dot;
            case L2 -> 1.0 / (1.0 + Math.sqrt(dd));
        };
    }

    /**
     * Every candidate that passes the search's filter and minimum score, best first; the caller
     * cuts at topK. The filter is applied with {@link FilterOracle}.
     */
    public static List<Scored> rank(List<Memory> candidates, Search search) {
        float[] q = search.vector();
        List<Scored> out = new ArrayList<>();
        for (Memory m : candidates) {
            if (search.filter().map(f -> FilterOracle.matches(f, m)).orElse(true)) {
                double s = score(search.metric(), q, m.embedding());
                if (s >= search.minScore()) {
                    out.add(new Scored(m, s));
                }
            }
        }
        out.sort(Comparator.comparingDouble(Scored::score).reversed());
        return out;
    }

    /** The exact top-k of {@code candidates}. */
    public static List<Scored> topK(List<Memory> candidates, Search search) {
        List<Scored> all = rank(candidates, search);
        return all.subList(0, Math.min(search.topK(), all.size()));
    }

    /**
     * Asserts that {@code actual} is the exact answer to {@code search} over {@code candidates}:
     * the same memories in the same order with scores within {@link #SCORE_TOLERANCE}. Where
     * the oracle's scores are closer than the tolerance, the order between those memories is
     * free, and at the cut-off either of two near-tied memories may be returned.
     */
    public static void assertExact(List<Match> actual, List<Memory> candidates, Search search, String context) {
        List<Scored> ranked = rank(candidates, search);
        List<Scored> expected = ranked.subList(0, Math.min(search.topK(), ranked.size()));
        Map<MemoryId, Double> oracleScore = new HashMap<>();
        Map<MemoryId, Memory> byId = new HashMap<>();
        for (Memory m : candidates) {
            oracleScore.put(m.id(), score(search.metric(), search.vector(), m.embedding()));
            byId.put(m.id(), m);
        }
        String where = context + "\nexpected " + describe(expected) + "\nactual   " + describeMatches(actual);
        // Near a minScore threshold or at the cut-off, a borderline memory may fall either way.
        long borderline = ranked.stream().filter(s -> Math.abs(s.score() - search.minScore()) < SCORE_TOLERANCE).count();
        if (borderline == 0) {
            assertThat(actual).as("number of matches; " + where).hasSize(expected.size());
        }
        assertThat(actual.stream().map(m -> m.memory().id()).toList()).as("no memory twice; %s", where)
                .doesNotHaveDuplicates();
        for (int i = 0; i < actual.size(); i++) {
            Match got = actual.get(i);
            MemoryId id = got.memory().id();
            assertThat(oracleScore).as("match %d is a memory of the searched namespaces; %s", i, where).containsKey(id);
            assertThat(got.memory()).as("match %d carries the stored memory; %s", i, where).isEqualTo(byId.get(id));
            assertThat(got.score()).as("score of match %d (%s); %s", i, id, where)
                    .isCloseTo(oracleScore.get(id), org.assertj.core.api.Assertions.within(SCORE_TOLERANCE));
            if (i < expected.size()) {
                Scored want = expected.get(i);
                if (!want.memory().id().equals(id)) {
                    assertThat(Math.abs(want.score() - oracleScore.get(id)))
                            .as("match %d should be %s (score %.6f), got %s (score %.6f); %s", i, want.memory().id(),
                                    want.score(), id, oracleScore.get(id), where)
                            .isLessThan(SCORE_TOLERANCE);
                }
            }
            if (i > 0) {
                assertThat(got.score()).as("matches are best first; %s", where)
                        .isLessThanOrEqualTo(actual.get(i - 1).score() + 1e-9);
            }
            if (search.filter().isPresent()) {
                assertThat(FilterOracle.matches(search.filter().get(), got.memory()))
                        .as("match %d passes the filter %s; %s", i, search.filter().get(), where).isTrue();
            }
        }
    }

    private static String describe(List<Scored> list) {
        StringBuilder sb = new StringBuilder("[");
        for (Scored s : list) {
            sb.append(String.format(" %s=%.5f", shortId(s.memory().id()), s.score()));
        }
        return sb.append(" ]").toString();
    }

    private static String describeMatches(List<Match> list) {
        StringBuilder sb = new StringBuilder("[");
        for (Match m : list) {
            sb.append(String.format(" %s=%.5f", shortId(m.memory().id()), m.score()));
        }
        return sb.append(" ]").toString();
    }

    private static String shortId(MemoryId id) {
        String s = id.toString();
        return s.substring(s.length() - 6);
    }
}
