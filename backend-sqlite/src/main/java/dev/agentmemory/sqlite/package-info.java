/**
 * The SQLite backend: {@link dev.agentmemory.sqlite.SqliteProvider}, found by
 * {@link java.util.ServiceLoader}, opens {@code sqlite:path} and {@code sqlite::memory:}.
 */
package dev.agentmemory.sqlite;
