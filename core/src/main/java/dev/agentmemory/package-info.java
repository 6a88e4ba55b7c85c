/**
 * The public API of agent-memory: a thread-safe memory store for AI agents.
 *
 * <p>Start with {@link dev.agentmemory.MemoryStores#open(String)}; the thread-safety contract
 * is on {@link dev.agentmemory.MemoryStore}.
 */
package dev.agentmemory;
