/**
 * The PostgreSQL backend's machinery: URI parsing, settings, the pool, the dialect and opening.
 *
 * <p>No compatibility promise: anything here may change in any release.
 */
package dev.agentmemory.postgres.internal;
