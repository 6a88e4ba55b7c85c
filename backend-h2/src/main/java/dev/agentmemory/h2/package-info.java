/**
 * The H2 backend: {@link dev.agentmemory.h2.H2Provider}, found by
 * {@link java.util.ServiceLoader}, opens {@code h2:path} and {@code h2:mem:name}.
 */
package dev.agentmemory.h2;
