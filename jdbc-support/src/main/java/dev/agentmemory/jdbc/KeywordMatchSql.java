package dev.agentmemory.jdbc;

import java.util.List;
import java.util.Objects;

/**
 * Immutable and thread-safe: a dialect's query of keyword matches, used as a subquery: it
 * selects the columns {@code id} (a memory id of the tenant) and {@code score} (higher is
 * better) of the memories that hold at least one of the words, with its parameters in order.
 *
 * @param sql the SELECT, with {@code ?} parameters only
 * @param args its parameters, strings and numbers
 */
public record KeywordMatchSql(String sql, List<Object> args) {
    /** Checks and copies. */
    public KeywordMatchSql {
        Objects.requireNonNull(sql, "sql");
        args = List.copyOf(args);
    }
}
