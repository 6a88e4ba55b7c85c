package dev.agentmemory.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.ErrorClassifier;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SQLite's result codes, classified by the shared classifier through this backend's dialect. */
class SqliteDialectTest {
    private final ErrorClassifier classifier = new ErrorClassifier(SqliteDialect.INSTANCE, "sqlite:test");

    @ParameterizedTest(name = "SQLite code {0} -> {1}")
    @CsvSource({"5, RETRYABLE", "517, RETRYABLE", "6, RETRYABLE", "262, RETRYABLE", "13, PERMANENT", "10, PERMANENT",
        "11, PERMANENT", "19, PERMANENT", "1, PERMANENT"})
    void result_codes(int code, FailureKind kind) {
        // sqlite-jdbc reports the primary code (low byte); extended codes keep it in their low byte.
        assertThat(classifier.classify(new SQLException("observed", null, code & 0xff))).isEqualTo(kind);
        assertThat(classifier.classify(new SQLException("observed", null, code))).as("extended code").isEqualTo(kind);
    }

    @ParameterizedTest(name = "message {0} -> {1}")
    @CsvSource(delimiter = '|', value = {"[SQLITE_BUSY] The database file is locked | RETRYABLE",
        "[SQLITE_LOCKED_SHAREDCACHE] A table is locked | RETRYABLE", "[SQLITE_FULL] database or disk is full | PERMANENT"})
    void result_names_in_messages_without_a_code(String message, FailureKind kind) {
        assertThat(classifier.classify(new SQLException(message))).isEqualTo(kind);
    }
}
