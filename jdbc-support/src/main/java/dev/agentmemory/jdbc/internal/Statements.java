package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;

/**
 * Immutable and thread-safe: the statements of one engine, built once for its dialect.
 *
 * @param namespaces the namespace row statements
 * @param writes the memory writes
 * @param reads the memory queries
 * @param history the history tables
 * @param links the link table
 * @param conversations the conversation tables
 * @param erasure the statements of erasure, over every table
 * @param keywords the keyword search
 */
record Statements(NamespaceSql namespaces, MemoryWrites writes, MemoryReads reads, HistorySql history,
        LinkSql links, ConversationSql conversations, EraseSql erasure, KeywordSql keywords) {
    static Statements of(SqlDialect dialect) {
        return new Statements(new NamespaceSql(dialect), new MemoryWrites(dialect), new MemoryReads(dialect),
                new HistorySql(dialect), new LinkSql(dialect.maxBindParameters()), new ConversationSql(dialect),
                new EraseSql(dialect), new KeywordSql(dialect));
    }
}
