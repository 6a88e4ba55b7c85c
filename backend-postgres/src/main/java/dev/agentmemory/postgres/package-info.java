/**
 * The PostgreSQL backend: {@link dev.agentmemory.postgres.PostgresProvider}, found by
 * {@link java.util.ServiceLoader}, opens {@code postgresql://host:port/database},
 * {@code postgres://...} and {@code jdbc:postgresql:...} URLs.
 */
package dev.agentmemory.postgres;
