/**
 * The agent-memory Spring Boot starter: {@link dev.agentmemory.spring.boot.AgentMemoryAutoConfiguration}
 * and its {@code agentmemory.*} properties. See {@code docs/SPRING_AI.md}.
 */
package dev.agentmemory.spring.boot;
