package dev.agentmemory.rank;

import dev.agentmemory.Match;
import java.util.List;

/**
 * Thread-safe: one instance serves every search, from many threads at once. The plug for a
 * model that scores a query against each candidate, a cross-encoder or an LLM, which reads the
 * texts together and so judges relevance better than two independent embeddings can.
 *
 * <p>Use one with {@code Search.text(q).rank(Rankings.rerank(myReranker))}. It is called on the
 * searching thread with the query text and the candidates fetched by similarity (topK x
 * {@value dev.agentmemory.Ranking#OVERSAMPLE}), after the store has returned every connection;
 * the matches come back sorted by its scores. An exception it throws, or an answer of the wrong
 * size or with a NaN or infinite score, fails the search with
 * {@link dev.agentmemory.ErrorCode#RANKER_FAILED} naming it.
 */
public interface Reranker {

    /** The model's name, for error messages, for example {@code bge-reranker-base}. */
    String name();

    /**
     * Scores each candidate against the query.
     *
     * @param query the search's text
     * @param candidates best-first by the previous step, not empty; their memories carry the content
     * @return one finite score per candidate, in the candidates' order; higher is more relevant
     * @throws RuntimeException if the model fails; the store reports it as
     *     {@link dev.agentmemory.ErrorCode#RANKER_FAILED}
     */
    double[] scores(String query, List<Match> candidates);
}
