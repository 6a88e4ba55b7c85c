package dev.agentmemory.postgres.internal;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.SqlDialect;
import java.sql.SQLException;
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
 *   <li>the error states the shared classifier does not know ({@link PostgresStates}).
 * </ul>
 */
public final class PostgresDialect implements SqlDialect {
    /** The one instance. */
    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private static final String CODE_POINT = " COLLATE \"C\"";

    private PostgresDialect() {}

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
