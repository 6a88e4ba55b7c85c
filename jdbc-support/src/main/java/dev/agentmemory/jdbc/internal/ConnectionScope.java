package dev.agentmemory.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Confined to the calling thread: runs plain-JDBC work on the connection of the session in
 * progress, the way {@link HandleScope} runs Jdbi work on its handle.
 *
 * <p>Why a second scope: the hottest statements (a {@code get} by id, a {@code put}'s lookups,
 * the freshness check) are sent with plain JDBC, and for a session of one statement there is
 * no need to create a Jdbi handle at all (its configuration copy and statement builder cost
 * more than a primary-key read on SQLite). The same rules hold as for {@link HandleScope}: the
 * connection is a local variable of the runner, captured by a lambda, never a field.
 */
@FunctionalInterface
interface ConnectionScope {
    /** Runs {@code work} on the session's connection and returns its result. */
    Object call(Work<?> work);

    /**
     * Plain-JDBC work on a connection it must not keep.
     *
     * @param <R> what it returns
     */
    @FunctionalInterface
    interface Work<R> {
        /**
         * Runs on {@code connection}.
         *
         * @throws SQLException if the database fails
         */
        R run(Connection connection) throws SQLException;
    }
}
