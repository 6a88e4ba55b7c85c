package dev.agentmemory.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.ErrorClassifier;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PostgreSQL's SQLStates, classified by the shared classifier through this backend's dialect,
 * and which of them retire the whole pool. Real server failures are in the ITs of this module
 * (ServerRestartIT, KilledBackendIT, PoolExhaustionIT).
 */
class PostgresStatesTest {
    private final ErrorClassifier classifier = new ErrorClassifier(PostgresDialect.INSTANCE, "postgresql://db:5432/m");

    @ParameterizedTest(name = "SQLState {0} -> {1}, server gone: {2}")
    @CsvSource({
        "08006, UNKNOWN_OUTCOME, true", "08001, UNKNOWN_OUTCOME, true", "57P01, UNKNOWN_OUTCOME, true",
        "57P02, UNKNOWN_OUTCOME, true", "57P03, UNKNOWN_OUTCOME, true", "40001, RETRYABLE, false",
        "40P01, RETRYABLE, false", "55P03, RETRYABLE, false", "53300, RETRYABLE, false", "53400, RETRYABLE, false",
        "57P05, RETRYABLE, false", "23505, PERMANENT, false", "42P01, PERMANENT, false", "53100, PERMANENT, false"})
    void states(String state, FailureKind kind, boolean serverGone) {
        assertThat(classifier.classify(new SQLException("observed", state))).isEqualTo(kind);
        assertThat(PostgresStates.serverGone(state)).isEqualTo(serverGone);
    }
}
