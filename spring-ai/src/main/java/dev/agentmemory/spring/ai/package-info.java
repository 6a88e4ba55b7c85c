/**
 * Spring AI adapters for agent-memory: {@link dev.agentmemory.spring.ai.AgentMemoryVectorStore}
 * (a {@code VectorStore} over one namespace), {@link dev.agentmemory.spring.ai.AgentMemoryChatMemoryRepository}
 * (a {@code ChatMemoryRepository} over conversations) and
 * {@link dev.agentmemory.spring.ai.AgentMemoryEmbeddingModel} (a core embedder as an
 * {@code EmbeddingModel}). See {@code docs/SPRING_AI.md}.
 */
package dev.agentmemory.spring.ai;
