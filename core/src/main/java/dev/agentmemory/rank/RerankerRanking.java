package dev.agentmemory.rank;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Ranking;
import dev.agentmemory.ValidationException;
import java.util.List;
import java.util.Objects;

/**
 * Immutable and thread-safe if its {@link Reranker} is: the step that hands the candidates to an
 * application's reranker and sorts them by its scores, which replace the similarity scores.
 * It needs the query text, so it ranks text searches only.
 */
public final class RerankerRanking implements Ranking {
    private final Reranker reranker;

    RerankerRanking(Reranker reranker) {
        this.reranker = Objects.requireNonNull(reranker, "reranker");
    }

    /**
     * Sorts the candidates by the reranker's scores.
     *
     * @return every candidate, best-first by the reranker's score
     * @throws ValidationException with {@link ErrorCode#INVALID_ARGUMENT} for a search without text
     * @throws MemoryStoreException with {@link ErrorCode#RANKER_FAILED} if the reranker throws or
     *     returns something else than one finite score per candidate
     */
    @Override
    public List<Match> rank(Context context, List<Match> candidates) {
        String query = context.queryText().orElseThrow(() -> new ValidationException(ErrorCode.INVALID_ARGUMENT,
                "the reranker " + reranker.name() + " scores the query text against each candidate, and this is a"
                        + " vector search; search with Search.text(...), or rank without the reranker"));
        double[] scores;
        try {
            scores = reranker.scores(query, List.copyOf(candidates));
        } catch (RuntimeException e) {
            throw new MemoryStoreException(ErrorCode.RANKER_FAILED, "the reranker " + reranker.name() + " failed on "
                    + candidates.size() + " candidates: " + e + "; the search returned nothing", e);
        }
        if (scores == null || scores.length != candidates.size()) {
            throw new MemoryStoreException(ErrorCode.RANKER_FAILED, "the reranker " + reranker.name() + " returned "
                    + (scores == null ? "null" : scores.length + " scores") + " for " + candidates.size()
                    + " candidates; it must return one score per candidate, in order");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new MemoryStoreException(ErrorCode.RANKER_FAILED, "the reranker " + reranker.name()
                        + " scored candidate " + i + " as " + scores[i] + "; every score must be a finite number");
            }
        }
        return Scores.rescored(candidates, scores);
    }

    @Override
    public String name() {
        return "rerank(" + reranker.name() + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
