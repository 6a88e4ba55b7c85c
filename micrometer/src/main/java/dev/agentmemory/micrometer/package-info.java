/**
 * Micrometer metrics for agent-memory: {@link dev.agentmemory.micrometer.AgentMemoryMetrics}, a
 * {@code MeterBinder} over a {@code MemoryStore}'s statistics. Metric names are listed in
 * {@code docs/MICROMETER.md}.
 */
package dev.agentmemory.micrometer;
