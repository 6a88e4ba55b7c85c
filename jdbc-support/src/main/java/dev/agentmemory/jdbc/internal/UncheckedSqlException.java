package dev.agentmemory.jdbc.internal;

import java.sql.SQLException;

/**
 * Carries an {@link SQLException} from a plain-JDBC statement out of a Jdbi callback; the
 * {@link TransactionRunner} finds the cause and translates it like any database failure.
 */
final class UncheckedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSqlException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
