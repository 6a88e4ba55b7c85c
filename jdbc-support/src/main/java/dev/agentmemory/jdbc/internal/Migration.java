package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;
import java.util.List;
import java.util.function.Function;

/**
 * Immutable and thread-safe: one schema change, written once and rendered per dialect.
 *
 * @param version the schema version this migration produces, 1, 2, ...
 * @param description what it does, stored in {@code schema_version}
 * @param statements the DDL for a dialect, run in order inside the migration's transaction
 */
record Migration(int version, String description, Function<SqlDialect, List<String>> statements) {}
