/**
 * The Spring AI adapters' machinery: translations between Spring AI's documents, filters and
 * messages and the store's. No compatibility promise: use {@code dev.agentmemory.spring.ai}.
 */
package dev.agentmemory.spring.ai.internal;
