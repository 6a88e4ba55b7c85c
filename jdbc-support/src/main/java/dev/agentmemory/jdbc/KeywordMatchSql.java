package dev.agentmemory.jdbc;

import java.util.List;
import java.util.Objects;

/**
 * Immutable and thread-safe: a dialect's query of keyword matches: it selects the columns
 * {@code id} (a memory id of the tenant) and {@code score} (higher is better) of the memories
 * that hold at least one of the words, with its parameters in order.
 *
 * <p>An unordered query is used as a subquery, which the caller sorts and cuts. An ordered one
 * already returns its rows best first, through the engine's own top-k path (SQLite FTS5's
 * {@code ORDER BY rank}); the caller reads only as many rows as it needs and adds no
 * {@code ORDER BY} around it, which would make the engine score and sort every match again.
 *
 * @param sql the SELECT, with {@code ?} parameters only
 * @param args its parameters, strings and numbers
 * @param ordered true if {@code sql} returns its rows best score first
 */
public record KeywordMatchSql(String sql, List<Object> args, boolean ordered) {
    /** Checks and copies. */
    public KeywordMatchSql {
        Objects.requireNonNull(sql, "sql");
        args = List.copyOf(args);
    }

    /**
     * An unordered query, which the caller sorts.
     *
     * @param sql the SELECT, with {@code ?} parameters only
     * @param args its parameters, strings and numbers
     */
    public KeywordMatchSql(String sql, List<Object> args) {
        this(sql, args, false);
    }
}
