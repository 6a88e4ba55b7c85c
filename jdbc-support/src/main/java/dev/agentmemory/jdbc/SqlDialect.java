package dev.agentmemory.jdbc;

import dev.agentmemory.StorageException.FailureKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable and thread-safe: what differs between the SQL databases the JDBC backends run on.
 *
 * <p>Everything else (schema, statements, filters, transactions, error classification) is
 * written once in this module against this interface. Each hook has a default that suits
 * standard SQL; a dialect overrides only what its database does differently. Each backend
 * owns its dialect (SQLite's, H2's and PostgreSQL's live in their backend modules).
 */
public interface SqlDialect {

    /** The database's name, for messages, for example {@code SQLite}. */
    String name();

    /** The column type for long text (memory content). */
    default String textType() {
        return "TEXT";
    }

    /** The column type for binary data (embeddings). */
    default String blobType() {
        return "BLOB";
    }

    /** The column type for 64-bit integers. */
    default String bigintType() {
        return "BIGINT";
    }

    /** The column type for 32-bit integers. */
    default String intType() {
        return "INTEGER";
    }

    /** The column type for 64-bit floating point numbers. */
    default String doubleType() {
        return "DOUBLE PRECISION";
    }

    /**
     * The column type for identifiers (tenant, namespace, metadata key) and other short strings.
     *
     * @param length the longest value in characters
     */
    default String varcharType(int length) {
        return "VARCHAR(" + length + ")";
    }

    /**
     * The column type for fixed-length strings (memory ids).
     *
     * @param length the length in characters
     */
    default String charType(int length) {
        return "CHAR(" + length + ")";
    }

    /**
     * What follows a string column in a comparison so that strings compare by Unicode code
     * point (UTF-8 byte order), for example {@code  COLLATE "C"} on PostgreSQL. Empty where
     * the default collation already does (SQLite's {@code BINARY}).
     */
    default String codePointCollation() {
        return "";
    }

    /**
     * A statement that adds a nullable column if the table does not have it yet, so that a
     * migration left half-done by a killed process can run again. The default uses
     * {@code ADD COLUMN IF NOT EXISTS} (PostgreSQL, H2).
     */
    default String addColumn(String table, String column, String type) {
        return "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + column + " " + type;
    }

    /**
     * Statements that refresh the planner's statistics of the tables a bulk insert fills, run
     * in auto-commit mode after a write transaction that inserted many memories (at most once
     * every few seconds per store). A cost-based planner that still believes a table, or a
     * tenant in it, freshly filled with 10,000 memories is empty picks nested loops over whole
     * tables: on PostgreSQL, before autovacuum came by, a filtered count of such a namespace
     * took 18 s and deleting it 46 s. The default is none.
     */
    default List<String> statisticsRefresh() {
        return List.of();
    }

    /**
     * Statements that put back what a process killed inside one DDL statement can leave, run
     * before the migrations in the same transaction. The default finds nothing to repair: a
     * database whose DDL is transactional (SQLite, PostgreSQL) cannot be left half-altered.
     *
     * @param present the names of the tables the database's schema holds now, as its catalog
     *     spells them
     * @param tables the names of the tables the migrations create, in lower case
     */
    default List<String> schemaRepairs(Set<String> present, Set<String> tables) {
        return List.of();
    }

    /**
     * A case-sensitive test that {@code column} contains the string bound to the one {@code ?}
     * it holds, an empty string matching everything. The default is standard SQL's
     * {@code POSITION}; never {@code LIKE}, whose wildcards and case rules differ by database.
     */
    default String containsTest(String column) {
        return "POSITION(? IN " + column + ") > 0";
    }

    /**
     * A comparison of a string column with one bound parameter ({@code ?}) in which the
     * ordering operators ({@code <, <=, >, >=}) order strings by Unicode code point (UTF-8 byte
     * order), as core's in-process filter evaluator does. The default appends
     * {@link #codePointCollation()} to the column; a database that has no such collation
     * overrides this instead, for example to compare UTF-8 encodings.
     *
     * @param column the string column, for example {@code md.str_value}
     * @param operator the SQL comparison operator: {@code =}, {@code <>}, {@code <},
     *     {@code <=}, {@code >} or {@code >=}
     */
    default String compareStrings(String column, String operator) {
        return column + codePointCollation() + " " + operator + " ?";
    }

    /**
     * The statement that runs the database's own integrity check, whose result rows read
     * {@code ok} alone when nothing is wrong (SQLite's {@code PRAGMA integrity_check}); empty if
     * the database has none (the default), and {@link #integrityCheckUnavailable()} says why.
     */
    default Optional<String> integrityCheckStatement() {
        return Optional.empty();
    }

    /** What {@code check} reports when there is no {@link #integrityCheckStatement()}: what to use instead. */
    default String integrityCheckUnavailable() {
        return "the database has no integrity check statement";
    }

    /**
     * An insert that does nothing when a row with the same key exists.
     *
     * @param table the table
     * @param columns the columns, bound in this order as positional parameters
     * @param keyColumns the primary key that may conflict
     */
    default String insertIgnoringDuplicates(String table, List<String> columns, List<String> keyColumns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ") ON CONFLICT ("
                + String.join(", ", keyColumns) + ") DO NOTHING";
    }

    /**
     * The form in which a text value (memory content, a metadata string, a filter's string
     * operand) is stored, for databases that cannot hold every Java string as is, for example
     * PostgreSQL, whose text types reject U+0000. Must be injective and keep the code-point
     * order of strings, so equality and range filters compare encoded values as they would
     * compare the originals. Default: the string itself.
     *
     * @param text a non-null value
     */
    default String encodeText(String text) {
        return text;
    }

    /**
     * Reverses {@link #encodeText}.
     *
     * @param stored a value read from the database, or null
     */
    default String decodeText(String stored) {
        return stored;
    }

    /**
     * True if {@code INSERT ... ON CONFLICT (key) DO UPDATE SET ... RETURNING ...} is supported
     * (SQLite 3.35+, PostgreSQL): a write then creates its namespace row, advances the change
     * counter and reads the dimension in one statement. Otherwise (default when
     * {@link #supportsUpdateReturning()} is false) it takes an insert-ignoring, an update and a
     * select.
     */
    default boolean supportsUpsertReturning() {
        return supportsUpdateReturning();
    }

    /** True if {@code UPDATE ... RETURNING} is supported; otherwise an update is followed by a select. */
    default boolean supportsUpdateReturning() {
        return true;
    }

    /**
     * The statement that opens a write transaction on a connection in auto-commit mode, for
     * example {@code BEGIN IMMEDIATE}; empty to use JDBC transactions
     * ({@code setAutoCommit(false)}, {@code commit}) instead.
     */
    default Optional<String> beginWriteStatement() {
        return Optional.empty();
    }

    /**
     * The statement that opens a read transaction on a connection in auto-commit mode; empty
     * to use JDBC transactions at {@link #readIsolation()}.
     */
    default Optional<String> beginReadStatement() {
        return Optional.empty();
    }

    /**
     * The JDBC isolation level of read transactions when JDBC transactions are used: one
     * snapshot per transaction, so a change batch is consistent.
     */
    default int readIsolation() {
        return Connection.TRANSACTION_REPEATABLE_READ;
    }

    /** The most bind parameters one statement may carry; longer id lists are split. */
    default int maxBindParameters() {
        return 999;
    }

    /**
     * True if this dialect offers keyword (full-text) search: {@link #keywordIndexMigration()}
     * builds its index and {@link #keywordMatches} queries it. Default: true, with the portable
     * index ({@link dev.agentmemory.jdbc.internal.TermIndex}: a term table written by this
     * module, ranked by BM25 in SQL); a dialect overrides the three hooks to use its database's
     * own engine, or returns false to offer no keyword search.
     */
    default boolean supportsKeywordSearch() {
        return true;
    }

    /**
     * True if the database keeps the keyword index in step by itself (triggers, or an index on
     * an expression of the content); false (default) if this module writes the portable term
     * rows with every insert, update and delete, in the same transaction.
     */
    default boolean keywordIndexKeptByDatabase() {
        return false;
    }

    /**
     * The statements of schema migration 3: the keyword index over {@code memories.content},
     * built for the rows already there. Each must be idempotent, as every migration statement.
     * Default: the portable term table, whose rows the migration then builds in Java.
     */
    default List<String> keywordIndexMigration() {
        return dev.agentmemory.jdbc.internal.TermIndex.schema(this);
    }

    /**
     * The statements of schema migration 5: changes to the keyword index that migration 3
     * built. Each must be idempotent, as every migration statement. Default: none.
     */
    default List<String> keywordIndexUpgrade() {
        return List.of();
    }

    /**
     * The statements that write the keyword index rows of memories just inserted, for a
     * database-kept index whose inserts the database does not follow by itself; run in the
     * inserting transaction. Default: none (the index follows inserts itself, or this module
     * writes the portable term rows).
     */
    default Optional<KeywordRowInserts> keywordRowInserts() {
        return Optional.empty();
    }

    /**
     * Statements run in the migration transaction of every open, after the migrations: what a
     * setting chosen at open needs (PostgreSQL's text-search configuration has an index per
     * configuration). Idempotent. Default: none.
     */
    default List<String> keywordIndexOnOpen() {
        return List.of();
    }

    /**
     * The keyword matches of one tenant for {@code words} (see {@link KeywordMatchSql}). Every
     * word is a plain term: it is bound as a parameter or quoted, never left to the full-text
     * engine's query syntax. Core cuts the words (letters and digits only), but the dialect must
     * be safe whatever they hold.
     *
     * @param tenant the tenant, which the query must restrict to
     * @param namespaces the searched namespaces (the query may restrict to them; the caller does)
     * @param words at least one
     */
    default KeywordMatchSql keywordMatches(String tenant, List<String> namespaces, List<String> words) {
        return dev.agentmemory.jdbc.internal.TermIndex.matches(tenant, namespaces, words);
    }

    /**
     * A query of how many indexed memories hold each of {@code words}: the columns word (as
     * given), documents, and the count of all indexed memories, a row per word the index
     * knows. Keyword search leaves out of its first query the words at least half of the
     * memories hold (BM25's inverse document frequency is then zero or below; SQLite's
     * {@code bm25()} clamps it to 1e-6), which spares the engine scoring most of the table for
     * them, and runs the full query when the other words find fewer matches than it needs.
     * Default: none (every word is always matched).
     *
     * @param words at least two, as for {@link #keywordMatches}
     * @return the query, or empty if this dialect does not tell
     */
    default Optional<KeywordMatchSql> keywordWordCounts(List<String> words) {
        return Optional.empty();
    }

    /**
     * Classifies a vendor error the standard SQLStates do not cover, for example SQLite's
     * {@code SQLITE_BUSY}. Called for every {@link SQLException} in a failure's cause chain,
     * outermost first, before the SQLState rules.
     *
     * @param e one exception of the chain
     * @return the kind, or empty to fall back to the SQLState rules
     */
    default Optional<FailureKind> classify(SQLException e) {
        return Optional.empty();
    }
}
