package dev.agentmemory.rank;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
import java.time.Duration;

/**
 * Thread-safe: static factories. The ready-made {@link dev.agentmemory.Ranking} steps, to pass to
 * {@link Search#rank(dev.agentmemory.Ranking...)}; each is immutable and can be kept in a
 * constant.
 *
 * <pre>{@code
 * // generative agents: relevance + recency + importance, then a diverse top 5
 * Search.text("what does Alice like to eat").topK(5).rank(
 *         Rankings.recency(Duration.ofDays(7)).weight(0.5),
 *         Rankings.importance("importance").range(1, 10).weight(0.5),
 *         Rankings.mmr(0.7));
 * }</pre>
 */
public final class Rankings {
    private Rankings() {}

    /**
     * Maximal marginal relevance: a diverse topK; see {@link MaximalMarginalRelevance}.
     *
     * @param lambda the weight of relevance against diversity, in [0, 1]; 0.5 to 0.7 is usual
     * @throws ValidationException with {@link ErrorCode#INVALID_ARGUMENT} if lambda is outside [0, 1]
     */
    public static MaximalMarginalRelevance mmr(double lambda) {
        return new MaximalMarginalRelevance(lambda);
    }

    /**
     * Recency: scores lowered with the memory's age since creation; see {@link RecencyRanking}.
     *
     * @param halfLife the age at which a memory's decay is 0.5
     * @throws ValidationException with {@link ErrorCode#INVALID_ARGUMENT} unless it is positive
     */
    public static RecencyRanking recency(Duration halfLife) {
        return new RecencyRanking(halfLife, false, 1);
    }

    /**
     * Importance: scores lowered for a low numeric metadata field (range [0, 1]); see {@link ImportanceRanking}.
     *
     * @param key the metadata key holding the importance
     * @throws ValidationException with {@link ErrorCode#INVALID_IDENTIFIER} if the key is not an identifier
     */
    public static ImportanceRanking importance(String key) {
        return new ImportanceRanking(key, 0, 1, 0, 1);
    }

    /**
     * An application's reranker, a cross-encoder or an LLM; see {@link RerankerRanking}.
     *
     * @param reranker scores the query text against each candidate
     * @throws NullPointerException if it is null
     */
    public static RerankerRanking rerank(Reranker reranker) {
        return new RerankerRanking(reranker);
    }
}
