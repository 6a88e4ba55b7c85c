package dev.agentmemory.sqlite.internal;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.KeywordMatchSql;
import dev.agentmemory.jdbc.KeywordRowInserts;
import dev.agentmemory.jdbc.SqlDialect;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Immutable and thread-safe: the SQLite dialect.
 *
 * <p>Transactions are opened with explicit statements rather than through the driver:
 * sqlite-jdbc's {@code commit()} immediately re-issues its transaction prefix, so with
 * {@code BEGIN IMMEDIATE} every commit would take the write lock again for an empty
 * transaction, and could fail with {@code SQLITE_BUSY} after the data was committed (a
 * committed write reported as retryable would be applied twice by a retry).
 */
public final class SqliteDialect implements SqlDialect {
    /** The one instance. */
    public static final SqliteDialect INSTANCE = new SqliteDialect();

    // Primary result codes (the low byte of extended codes such as SQLITE_BUSY_SNAPSHOT).
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private SqliteDialect() {}

    @Override
    public String name() {
        return "SQLite";
    }

    /**
     * True: the database keeps the index; its triggers follow updates and deletes, and
     * {@link #keywordRowInserts} writes the rows of new memories (see {@link #keywordIndexUpgrade}).
     */
    @Override
    public boolean keywordIndexKeptByDatabase() {
        return true;
    }

    /**
     * An FTS5 table that keeps its own copy of the content (with the tenant and memory id, not
     * indexed), filled for the rows already there and kept in step by triggers. Its rows are
     * addressed by their own rowid, recorded per memory in the small table
     * {@code memory_keyword_rows}: the memories table's implicit rowid may change on
     * {@code VACUUM} (it has no {@code INTEGER PRIMARY KEY}), so it cannot tie the two tables
     * together, and a column on {@code memories} would make every insert rewrite its row
     * (embedding included) a second time. {@code unicode61} with {@code remove_diacritics 2}
     * folds case and diacritics.
     */
    @Override
    public List<String> keywordIndexMigration() {
        String row = "(SELECT keyword_rowid FROM memory_keyword_rows WHERE tenant = old.tenant AND memory_id = old.id)";
        return List.of(
                "CREATE VIRTUAL TABLE IF NOT EXISTS memory_keywords USING fts5(content, tenant UNINDEXED,"
                        + " memory_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
                "CREATE TABLE IF NOT EXISTS memory_keyword_rows (tenant TEXT NOT NULL, memory_id TEXT NOT NULL,"
                        + " keyword_rowid INTEGER NOT NULL, PRIMARY KEY (tenant, memory_id)) WITHOUT ROWID",
                "INSERT INTO memory_keywords (rowid, content, tenant, memory_id) SELECT rowid, content, tenant, id"
                        + " FROM memories",
                "INSERT INTO memory_keyword_rows (tenant, memory_id, keyword_rowid) SELECT tenant, id, rowid"
                        + " FROM memories",
                // last_insert_rowid() inside a trigger is the rowid of the trigger's own insert.
                "CREATE TRIGGER IF NOT EXISTS memories_keywords_insert AFTER INSERT ON memories BEGIN"
                        + " INSERT INTO memory_keywords (content, tenant, memory_id) VALUES (new.content, new.tenant,"
                        + " new.id);"
                        + " INSERT INTO memory_keyword_rows (tenant, memory_id, keyword_rowid) VALUES (new.tenant,"
                        + " new.id, last_insert_rowid()); END",
                "CREATE TRIGGER IF NOT EXISTS memories_keywords_update AFTER UPDATE OF content ON memories BEGIN"
                        + " UPDATE memory_keywords SET content = new.content WHERE rowid = " + row + "; END",
                "CREATE TRIGGER IF NOT EXISTS memories_keywords_delete AFTER DELETE ON memories BEGIN"
                        + " DELETE FROM memory_keywords WHERE rowid = " + row + ";"
                        + " DELETE FROM memory_keyword_rows WHERE tenant = old.tenant AND memory_id = old.id; END");
    }

    /**
     * Migration 5. The per-row insert trigger goes: a trigger that writes into FTS5 makes every
     * row's insert a statement of its own sub-transaction, at whose start FTS5 writes out what
     * it holds in memory, so each memory became a segment of its own for the merges to fold
     * together (the trigger tripled the time of a batched insert). {@link #keywordRowInserts}
     * writes a batch's rows in one go instead, and FTS5 writes them as one segment at commit.
     * The update and delete triggers stay. An {@code fts5vocab} table over the index gives each
     * word's document count, for {@link #keywordWordCounts}.
     */
    @Override
    public List<String> keywordIndexUpgrade() {
        return List.of("DROP TRIGGER IF EXISTS memories_keywords_insert",
                "CREATE VIRTUAL TABLE IF NOT EXISTS memory_keywords_vocab USING fts5vocab(memory_keywords, 'row')");
    }

    /**
     * The keyword rows of new memories: the FTS5 rows, numbered after the highest row there,
     * and the map from each memory to its row, written in two batches (a trigger made FTS5
     * write one segment per row).
     */
    @Override
    public Optional<KeywordRowInserts> keywordRowInserts() {
        return Optional.of(new KeywordRowInserts("SELECT rowid FROM memory_keywords ORDER BY rowid DESC LIMIT 1",
                "INSERT INTO memory_keywords (rowid, content, tenant, memory_id) VALUES (?, ?, ?, ?)",
                "INSERT INTO memory_keyword_rows (tenant, memory_id, keyword_rowid) VALUES (?, ?, ?)"));
    }

    /**
     * FTS5 ranked by {@code bm25()} through FTS5's own {@code ORDER BY rank} (negated: FTS5's
     * is lower-is-better): FTS5 scores and sorts the matches by row id and score alone, and the
     * tenant column is read only for the rows taken. A {@code bm25()} sorted outside the table
     * would read the stored row of every match first. The words become one MATCH string of
     * quoted strings joined by {@code OR}: inside double quotes FTS5 reads no operator, column
     * filter, prefix star or {@code NEAR}, and a quote is doubled. The BM25 statistics are
     * those of the whole table (all tenants); the rows returned are the tenant's.
     */
    @Override
    public KeywordMatchSql keywordMatches(String tenant, List<String> namespaces, List<String> words) {
        StringBuilder match = new StringBuilder();
        for (String w : words) {
            if (match.length() > 0) {
                match.append(" OR ");
            }
            match.append('"').append(w.replace("\"", "\"\"")).append('"');
        }
        return new KeywordMatchSql("SELECT memory_id AS id, -rank AS score FROM memory_keywords"
                + " WHERE memory_keywords MATCH ? AND tenant = ? ORDER BY rank", List.of(match.toString(), tenant), true);
    }

    /**
     * The words' document counts from {@code fts5vocab} (deleted rows included until FTS5
     * merges them away) and the row count of the index: {@code bm25()} clamps the inverse
     * document frequency of a word at least half the rows hold to 1e-6. The row count is that of FTS5's own
     * {@code _docsize} table (one small row per document: counting it took 0.04 ms at 100k
     * rows, the memory map's wider rows 1.4 ms). A word the tokenizer would fold differently
     * (diacritics) is not found there and so is always matched.
     */
    @Override
    public Optional<KeywordMatchSql> keywordWordCounts(List<String> words) {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            in.append(i == 0 ? "?" : ", ?");
        }
        return Optional.of(new KeywordMatchSql("SELECT term, doc, (SELECT COUNT(*) FROM memory_keywords_docsize)"
                + " FROM memory_keywords_vocab WHERE term IN (" + in + ")", List.copyOf(words)));
    }

    @Override
    public Optional<String> beginWriteStatement() {
        // Takes the write lock now (waiting up to busy_timeout), so a read-then-write
        // transaction can never fail to upgrade its lock halfway through.
        return Optional.of("BEGIN IMMEDIATE");
    }

    @Override
    public Optional<String> beginReadStatement() {
        // Deferred: the snapshot is taken by the first read and held until COMMIT (WAL).
        return Optional.of("BEGIN DEFERRED");
    }

    /**
     * SQLite has no {@code ADD COLUMN IF NOT EXISTS}; it needs none: its DDL is transactional,
     * so a migration is applied whole or not at all.
     */
    @Override
    public String addColumn(String table, String column, String type) {
        return "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type;
    }

    @Override
    public String containsTest(String column) {
        // instr is case-sensitive and has no wildcards; SQLite has no POSITION.
        return "instr(" + column + ", ?) > 0";
    }

    /** SQLite's own check of the file: b-trees, free pages, indexes against their tables. */
    @Override
    public Optional<String> integrityCheckStatement() {
        return Optional.of("PRAGMA integrity_check");
    }

    @Override
    public int maxBindParameters() {
        return 32_766;
    }

    @Override
    public Optional<FailureKind> classify(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
            return Optional.of(FailureKind.RETRYABLE);
        }
        String message = e.getMessage();
        if (message != null && (message.startsWith("[SQLITE_BUSY") || message.startsWith("[SQLITE_LOCKED"))) {
            return Optional.of(FailureKind.RETRYABLE);
        }
        return Optional.empty();
    }
}
