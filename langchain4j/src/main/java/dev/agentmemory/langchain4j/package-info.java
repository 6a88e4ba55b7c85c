/**
 * LangChain4j adapters over an agent-memory {@link dev.agentmemory.MemoryStore}:
 * {@link dev.agentmemory.langchain4j.AgentMemoryEmbeddingStore}, an {@code EmbeddingStore<TextSegment>}
 * over one namespace, and {@link dev.agentmemory.langchain4j.AgentMemoryChatMemoryStore}, a
 * {@code ChatMemoryStore} over conversations. Both share a store the caller opens and closes.
 * The mapping (ids, metadata types, scores, text, filters) is described in {@code docs/LANGCHAIN4J.md}.
 */
package dev.agentmemory.langchain4j;
