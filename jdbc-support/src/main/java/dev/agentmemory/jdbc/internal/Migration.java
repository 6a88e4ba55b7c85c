package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Immutable and thread-safe: one schema change, written once and rendered per dialect.
 *
 * @param version the schema version this migration produces, 1, 2, ...
 * @param description what it does, stored in {@code schema_version}
 * @param statements the DDL for a dialect, run in order inside the migration's transaction
 * @param after work in Java, given the migration's handle for the call only, run after the
 *     statements in the same transaction (rows SQL alone cannot build, such as the portable
 *     keyword index's), or a step that does nothing
 */
record Migration(int version, String description, Function<SqlDialect, List<String>> statements,
        BiConsumer<Handle, SqlDialect> after) {

    /** A migration of statements only. */
    Migration(int version, String description, Function<SqlDialect, List<String>> statements) {
        this(version, description, statements, (h, d) -> { });
    }
}
