/**
 * The SQLite backend's machinery: URI parsing, settings, pools, the temporary file behind
 * {@code sqlite::memory:}, and a connection inspector for tests.
 *
 * <p>No compatibility promise: anything here may change in any release.
 */
package dev.agentmemory.sqlite.internal;
