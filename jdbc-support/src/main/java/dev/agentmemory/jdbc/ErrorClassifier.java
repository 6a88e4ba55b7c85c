package dev.agentmemory.jdbc;

import dev.agentmemory.StorageException;
import dev.agentmemory.StorageException.FailureKind;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Immutable and thread-safe: turns a database failure into a {@link StorageException} of the
 * right {@link FailureKind}, with a message that names the store, what the database said and
 * what it means for the caller. {@link JdbcEngine} translates every failure of a call with
 * one; a backend uses its own for what fails before the engine exists (opening the pools,
 * bootstrapping a schema):
 *
 * <pre>{@code
 * ErrorClassifier errors = new ErrorClassifier(dialect, "h2:./data/m");
 * try { ... } catch (SQLException e) { throw errors.translate(e); }
 * }</pre>
 *
 * <p>The cause chain is walked outermost first; the first exception that says something wins:
 * <ol>
 *   <li>the dialect's {@link SqlDialect#classify vendor rules} (SQLite's {@code SQLITE_BUSY},
 *       H2's lock timeout, PostgreSQL's own SQLStates such as {@code 40P01} or {@code 57P01});
 *   <li>{@link SQLTransientConnectionException}: a pool borrow that timed out because every
 *       connection was busy is retryable; one that timed out because no connection could be
 *       opened (it carries the connect failure) means the database is unavailable: nothing
 *       ran, and it is not retried;
 *   <li>the standard SQLStates {@code 40001} (serialization failure) and {@code HYT00}
 *       (timeout), and {@link SQLTransactionRollbackException}/{@link SQLTimeoutException},
 *       are retryable: the transaction was rolled back, nothing was applied;
 *   <li>SQLState class {@code 08} (connection exception) leaves the outcome unknown: the
 *       connection died mid-call;
 *   <li>everything else (constraints, disk full, I/O errors, corruption, driver errors) is
 *       permanent.
 * </ol>
 */
public final class ErrorClassifier {
    /** Standard SQLState: the transaction was rolled back to keep transactions serializable. */
    private static final String SERIALIZATION_FAILURE = "40001";
    /** Standard SQLState (SQL/CLI): a lock wait or a statement timed out. */
    private static final String TIMEOUT = "HYT00";
    /** Standard SQLState class: connection exception. */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    private final SqlDialect dialect;
    private final String describe;

    /**
     * Creates a classifier.
     *
     * @param dialect the vendor hook
     * @param describe the engine's description, which starts every message
     */
    public ErrorClassifier(SqlDialect dialect, String describe) {
        this.dialect = dialect;
        this.describe = describe;
    }

    /**
     * True for a SQLState of class {@code 08}, connection exception: the connection was lost
     * or could not be made, on any standard database.
     *
     * @param sqlState a SQLState, or null
     */
    public static boolean isConnectionException(String sqlState) {
        return sqlState != null && sqlState.startsWith(CONNECTION_EXCEPTION_CLASS);
    }

    /** The kind of failure {@code failure} is, by the rules above; never null. */
    public FailureKind classify(Throwable failure) {
        return find(failure, e -> classifyOne(e).isPresent()).flatMap(this::classifyOne).orElse(FailureKind.PERMANENT);
    }

    private Optional<FailureKind> classifyOne(SQLException e) {
        Optional<FailureKind> vendor = dialect.classify(e);
        if (vendor.isPresent()) {
            return vendor;
        }
        if (e instanceof SQLTransientConnectionException) {
            // HikariCP's timeout carries the last failure to open a connection as its cause;
            // without one, every connection was busy.
            Throwable cause = e.getCause();
            return Optional.of(cause != null && cause != e ? FailureKind.UNAVAILABLE : FailureKind.RETRYABLE);
        }
        String state = e.getSQLState();
        if (state != null) {
            if (state.equals(SERIALIZATION_FAILURE) || state.equals(TIMEOUT)) {
                return Optional.of(FailureKind.RETRYABLE);
            }
            if (isConnectionException(state)) {
                return Optional.of(FailureKind.UNKNOWN_OUTCOME);
            }
        }
        if (e instanceof SQLTransactionRollbackException || e instanceof SQLTimeoutException) {
            return Optional.of(FailureKind.RETRYABLE);
        }
        return Optional.empty();
    }

    /**
     * Translates a failure into a {@link StorageException} whose message names the engine,
     * what the database said, and what it means for the caller. The failure is its cause.
     *
     * @param failure what the driver, the pool or Jdbi threw
     * @return the exception to throw; never null
     */
    public StorageException translate(Throwable failure) {
        FailureKind kind = classify(failure);
        SQLException sql = find(failure, e -> true).orElse(null);
        StringBuilder message = new StringBuilder().append('[').append(describe).append("] database failure: ");
        if (sql != null) {
            message.append(withoutStatement(sql.getMessage())).append(" (SQLState ").append(sql.getSQLState())
                    .append(", vendor code ").append(sql.getErrorCode()).append(')');
            if (sql instanceof SQLTransientConnectionException) {
                message.append(poolTimeout(sql));
            }
        } else {
            message.append(failure);
        }
        message.append("; ").append(switch (kind) {
            case RETRYABLE -> "nothing was applied; retrying later may succeed";
            case UNKNOWN_OUTCOME -> "the connection was lost during the call, so the work may or may not"
                    + " have been applied";
            case UNAVAILABLE -> "nothing was applied; the store reconnects by itself once the database is back";
            case PERMANENT -> "retrying will not help";
        });
        return new StorageException(kind, message.toString(), failure);
    }

    /**
     * What a pool timeout means: HikariCP's message gives the pool state, and its cause, when
     * there is one, is the last failure to open a connection; without one every connection
     * was busy.
     */
    private static String poolTimeout(SQLException timeout) {
        Throwable cause = timeout.getCause();
        if (cause == null || cause == timeout) {
            return "; no pooled connection became free in time: the pool is exhausted by slow or"
                    + " concurrent work (raise the pool size or the connection timeout, or shorten the work)";
        }
        return "; no connection could be opened: the database is unreachable (" + cause.getMessage() + ")";
    }

    /**
     * The driver's message without the SQL text some drivers append (H2: {@code ; SQL
     * statement: ...}): messages reach callers and logs, and the statement is not theirs to read.
     * The cause keeps the full text for debugging.
     */
    static String withoutStatement(String message) {
        if (message == null) {
            return null;
        }
        int at = message.indexOf("SQL statement:");
        String kept = at < 0 ? message : message.substring(0, at);
        return kept.strip().replaceAll("[;:,]$", "");
    }

    /**
     * The first {@link SQLException} in {@code failure}'s cause chain, outermost first, that
     * {@code which} accepts, for a backend that recognises a failure of its own before
     * translating, for example H2's "database already open".
     *
     * @param failure what was thrown; may be a wrapper such as Jdbi's
     * @param which the test
     * @return the exception, or empty if none in the chain passes
     */
    public static Optional<SQLException> find(Throwable failure, Predicate<SQLException> which) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SQLException e && which.test(e)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
