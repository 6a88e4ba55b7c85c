package dev.agentmemory.jdbc;

import java.util.Objects;

/**
 * Immutable and thread-safe: the statements that write the keyword rows of new memories into
 * a database-kept full-text index whose inserts the database does not follow by itself (see
 * {@link SqlDialect#keywordRowInserts}). The store runs them on the inserting transaction's
 * connection, which holds the write lock, so no other writer numbers rows in between: it reads
 * the highest row number, then numbers the new rows after it in two batches.
 *
 * @param highestRow a query of one row and one number, the highest row number in the index (no
 *     row: 0)
 * @param keywordRow an insert with four parameters: row number, content (as
 *     {@link SqlDialect#encodeText} stores it), tenant, memory id
 * @param rowMap an insert with three parameters: tenant, memory id, row number
 */
public record KeywordRowInserts(String highestRow, String keywordRow, String rowMap) {
    /** @throws NullPointerException if a statement is null */
    public KeywordRowInserts {
        Objects.requireNonNull(highestRow, "highestRow");
        Objects.requireNonNull(keywordRow, "keywordRow");
        Objects.requireNonNull(rowMap, "rowMap");
    }
}
