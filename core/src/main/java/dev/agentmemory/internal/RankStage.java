package dev.agentmemory.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Ranking;
import dev.agentmemory.Search;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Static helpers: the ranking stage at the end of the search path. A search without ranking
 * steps passes straight through; one with steps fetches {@link Ranking#candidates(int)} by
 * similarity, runs the steps in order and keeps the topK of the last. It runs after the search
 * has returned its connections, so a slow reranker holds no database resource.
 */
final class RankStage {
    private RankStage() {}

    /**
     * The matches of {@code search}, ranked by its steps.
     *
     * @param similar the similarity search, given the search to run (wider than topK if ranked)
     */
    static List<Match> ranked(Search search, long nowMicros, Function<Search, List<Match>> similar) {
        List<Ranking> steps = search.rankings();
        if (steps.isEmpty()) {
            return similar.apply(search);
        }
        int topK = search.topK();
        List<Match> matches = similar.apply(search.topK(Ranking.candidates(topK)));
        Ranking.Context context = new Ranking.Context(search.text().orElse(null),
                search.hasVector() ? search.vector() : null, search.metric(), topK,
                Instant.EPOCH.plus(nowMicros, ChronoUnit.MICROS));
        for (Ranking step : steps) {
            if (matches.isEmpty()) {
                break;
            }
            matches = step(step, context, matches);
        }
        return matches.size() > topK ? List.copyOf(matches.subList(0, topK)) : matches;
    }

    private static List<Match> step(Ranking step, Ranking.Context context, List<Match> candidates) {
        List<Match> out;
        try {
            out = step.rank(context, List.copyOf(candidates));
        } catch (MemoryStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MemoryStoreException(ErrorCode.RANKER_FAILED, "the ranking step " + name(step) + " failed on "
                    + candidates.size() + " candidates: " + e + "; the search returned nothing", e);
        }
        return checked(step, candidates, out);
    }

    /** The step's result if it holds only candidates, each once; a step must not add memories. */
    private static List<Match> checked(Ranking step, List<Match> candidates, List<Match> out) {
        if (out == null) {
            throw broken(step, "returned null; return the candidates best-first");
        }
        Set<MemoryId> given = new HashSet<>();
        for (Match m : candidates) {
            given.add(m.memory().id());
        }
        Set<MemoryId> seen = new HashSet<>();
        for (Match m : out) {
            if (m == null) {
                throw broken(step, "returned a null match");
            }
            if (!given.contains(m.memory().id())) {
                throw broken(step, "returned memory " + m.memory().id() + ", which was not among its "
                        + candidates.size() + " candidates; a step may reorder and drop candidates, never add one");
            }
            if (!seen.add(m.memory().id())) {
                throw broken(step, "returned memory " + m.memory().id() + " twice");
            }
        }
        return List.copyOf(out);
    }

    private static MemoryStoreException broken(Ranking step, String what) {
        return new MemoryStoreException(ErrorCode.RANKER_FAILED, "the ranking step " + name(step) + " " + what
                + "; the search returned nothing");
    }

    private static String name(Ranking step) {
        try {
            return step.name();
        } catch (RuntimeException e) {
            return step.getClass().getName(); // a broken name() must not hide the failure being reported
        }
    }
}
