/**
 * Ranking beyond similarity, each step opt-in and composable through
 * {@link dev.agentmemory.Search#rank(dev.agentmemory.Ranking...)}: maximal marginal relevance for
 * diverse results, recency decay, an importance weight from metadata, and the {@link Reranker}
 * plug for a cross-encoder or an LLM. {@link Rankings} makes them.
 *
 * <p>Recency and importance subtract from the score a weighted shortfall measured in the
 * candidates' score range, so together they give the relevance + recency + importance score of
 * generative agents, and a weight means the same with any embedder; a reranker replaces the
 * score; maximal marginal relevance picks a diverse topK and belongs last in a chain.
 */
package dev.agentmemory.rank;
