/**
 * Ranking beyond similarity, each step opt-in and composable through
 * {@link dev.agentmemory.Search#rank(dev.agentmemory.Ranking...)}: maximal marginal relevance for
 * diverse results, recency decay, an importance weight from metadata, and the {@link Reranker}
 * plug for a cross-encoder or an LLM. {@link Rankings} makes them.
 *
 * <p>Recency and importance multiply the score by a factor of at most 1, so together they give the
 * relevance x recency x importance score of generative agents; a reranker replaces the score;
 * maximal marginal relevance picks a diverse topK and belongs last in a chain.
 */
package dev.agentmemory.rank;
