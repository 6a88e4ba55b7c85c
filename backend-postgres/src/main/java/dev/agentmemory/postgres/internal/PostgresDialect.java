package dev.agentmemory.postgres.internal;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.KeywordMatchSql;
import dev.agentmemory.jdbc.SqlDialect;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Immutable and thread-safe: the PostgreSQL dialect (9.5 or later; tested on 14).
 *
 * <p>What differs from the defaults:
 * <ul>
 *   <li>embeddings are {@code BYTEA};
 *   <li>every identifier and id column is declared {@code COLLATE "C"}, and string comparisons
 *       in filters add it too: the database's default collation (often {@code en_US.UTF-8})
 *       orders strings by language rules, while cursors, the in-process index and the other
 *       backends order them by code point; keyset paging over ids must agree with Java's
 *       order or pages skip or repeat rows;
 *   <li>JDBC transactions (no {@code BEGIN} statement): reads at the default
 *       {@code REPEATABLE READ}, one snapshot per transaction, so a change batch is consistent;
 *       writes at {@code READ COMMITTED}, ordered per namespace by the row lock the change
 *       counter's {@code UPDATE ... RETURNING} takes;
 *   <li>up to 32767 bind parameters per statement (the protocol's limit is 65535; half leaves
 *       room for the other parameters of a statement);
 *   <li>the error states the shared classifier does not know ({@link PostgresStates});
 *   <li>keyword search in {@code tsvector}/{@code tsquery} with a GIN index, in a configurable
 *       text-search configuration ({@code simple} by default).
 * </ul>
 */
public final class PostgresDialect implements SqlDialect {
    /** The dialect with the {@code simple} text-search configuration (no stemming, no stop words). */
    public static final PostgresDialect INSTANCE = new PostgresDialect(PostgresSettings.DEFAULT_TEXT_SEARCH);

    private static final String CODE_POINT = " COLLATE \"C\"";

    /** A text-search configuration name already checked against {@link PostgresSettings}' pattern. */
    private final String textSearch;

    private PostgresDialect(String textSearch) {
        this.textSearch = textSearch;
    }

    /**
     * This dialect with keyword search in the text-search configuration {@code config}, for
     * example {@code english}.
     *
     * @param config a configuration name matching {@code [a-z_][a-z0-9_]*} (checked by
     *     {@link PostgresSettings})
     * @throws IllegalArgumentException if the name does not match
     */
    public PostgresDialect withTextSearch(String config) {
        if (!PostgresSettings.TEXT_SEARCH.matcher(config).matches()) {
            throw new IllegalArgumentException("text-search configuration '" + config + "' is not a lowercase"
                    + " identifier");
        }
        return config.equals(textSearch) ? this : new PostgresDialect(config);
    }

    /**
     * {@code ANALYZE} of the tables a bulk insert fills: autovacuum would do it too, but only
     * on its next round (a minute by default), and until then the planner takes the freshly
     * filled tables for empty.
     */
    @Override
    public List<String> statisticsRefresh() {
        return List.of("ANALYZE memories", "ANALYZE memory_metadata");
    }

    /** True: the expression index follows every write. */
    @Override
    public boolean keywordIndexKeptByDatabase() {
        return true;
    }

    /** The GIN index of the default configuration; another configuration gets its own at open. */
    @Override
    public List<String> keywordIndexMigration() {
        return keywordIndexOnOpen();
    }

    /**
     * A GIN index on {@code to_tsvector(config, content)}: an expression index, so the database
     * keeps it in step with every insert, update and delete in their transaction, and it is
     * built for the rows already there when it is created. One index per configuration in use,
     * named after it; a store opened with a new configuration builds its index on open.
     */
    @Override
    public List<String> keywordIndexOnOpen() {
        return List.of("CREATE INDEX IF NOT EXISTS memories_keywords_" + textSearch + " ON memories USING GIN ("
                + vector("content") + ")");
    }

    /**
     * Ranked by {@code ts_rank}. Each word is bound as a parameter of its own
     * {@code plainto_tsquery}, which reads its argument as plain text (no operators, weights or
     * prefixes), and the queries are joined by {@code ||} (or). The configuration is written
     * into the statement, not bound, so that the planner matches the index expression.
     */
    @Override
    public KeywordMatchSql keywordMatches(String tenant, List<String> namespaces, List<String> words) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            query.append(i == 0 ? "" : " || ").append("plainto_tsquery('").append(textSearch).append("'::regconfig, ?)");
        }
        List<Object> args = new ArrayList<>(words);
        args.add(tenant);
        return new KeywordMatchSql("SELECT km.id AS id, ts_rank(" + vector("km.content") + ", kq.q) AS score"
                + " FROM memories km, (SELECT " + query + " AS q) kq WHERE " + vector("km.content") + " @@ kq.q"
                + " AND km.tenant = ?", args);
    }

    private String vector(String column) {
        return "to_tsvector('" + textSearch + "'::regconfig, " + column + ")";
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public String blobType() {
        return "BYTEA";
    }

    @Override
    public String varcharType(int length) {
        return "VARCHAR(" + length + ")" + CODE_POINT;
    }

    @Override
    public String charType(int length) {
        return "CHAR(" + length + ")" + CODE_POINT;
    }

    @Override
    public String codePointCollation() {
        return CODE_POINT;
    }

    /**
     * PostgreSQL's text types cannot hold U+0000. It is stored as U+0001 U+0001, and U+0001 as
     * U+0001 U+0002: injective, and the order of code points is kept (both codes sort below
     * every other character, NUL's below U+0001's), so equality and range filters on encoded
     * values agree with the originals.
     */
    @Override
    public String encodeText(String text) {
        if (text.indexOf('\u0000') < 0 && text.indexOf('\u0001') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                out.append("\u0001\u0001");
            } else if (c == '\u0001') {
                out.append("\u0001\u0002");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String decodeText(String stored) {
        if (stored == null || stored.indexOf('\u0001') < 0) {
            return stored;
        }
        StringBuilder out = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == '\u0001' && i + 1 < stored.length()) {
                out.append(stored.charAt(++i) == '\u0001' ? '\u0000' : '\u0001');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String integrityCheckUnavailable() {
        return "PostgreSQL has no built-in integrity check statement; the server's pg_amcheck tool (the amcheck"
                + " extension) verifies tables and indexes, and data checksums (initdb --data-checksums) catch damaged pages";
    }

    @Override
    public int maxBindParameters() {
        return 32_767;
    }

    /** PostgreSQL's own SQLStates: see {@link PostgresStates#classify}. */
    @Override
    public Optional<FailureKind> classify(SQLException e) {
        return PostgresStates.classify(e.getSQLState());
    }
}
