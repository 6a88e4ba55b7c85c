package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;

/**
 * Immutable and thread-safe: the statements of one engine, built once for its dialect.
 *
 * @param namespaces the namespace row statements
 * @param writes the memory writes
 * @param reads the memory queries
 */
record Statements(NamespaceSql namespaces, MemoryWrites writes, MemoryReads reads) {
    static Statements of(SqlDialect dialect) {
        return new Statements(new NamespaceSql(dialect), new MemoryWrites(dialect), new MemoryReads(dialect));
    }
}
