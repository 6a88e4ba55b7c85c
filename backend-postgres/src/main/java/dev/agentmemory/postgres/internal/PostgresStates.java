package dev.agentmemory.postgres.internal;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.ErrorClassifier;
import java.util.Optional;
import java.util.Set;

/**
 * Thread-safe: constants and static methods. Every PostgreSQL SQLState this backend gives a
 * meaning to, in one place: the dialect's error rules and the pool's eviction evidence both
 * read them from here. The standard ones ({@code 40001}, class {@code 08}) are the shared
 * {@link ErrorClassifier}'s.
 */
final class PostgresStates {
    /** {@code deadlock_detected}: the server rolled one transaction back to break a deadlock. */
    static final String DEADLOCK = "40P01";
    /** {@code lock_not_available}: a {@code NOWAIT} lock or {@code lock_timeout} gave up. */
    static final String LOCK_NOT_AVAILABLE = "55P03";
    /** {@code too_many_connections}: the server refused the session at login. */
    static final String TOO_MANY_CONNECTIONS = "53300";
    /** {@code configuration_limit_exceeded}: a per-role or per-database connection limit. */
    static final String CONFIGURATION_LIMIT_EXCEEDED = "53400";
    /** {@code idle_session_timeout} (PostgreSQL 14): the server closed a connection that sat idle. */
    static final String IDLE_SESSION_TIMEOUT = "57P05";
    /**
     * {@code admin_shutdown}, {@code crash_shutdown}, {@code cannot_connect_now}: the server is
     * shutting down, restarting or starting up; every session of it is gone.
     */
    static final Set<String> SERVER_SHUTDOWN = Set.of("57P01", "57P02", "57P03");

    private PostgresStates() {}

    /**
     * What a PostgreSQL SQLState means beyond the shared rules:
     * <ul>
     *   <li>deadlock and lock not available rolled the transaction back: retryable;
     *   <li>too many connections and a connection limit refused the session at login, and an
     *       idle session timeout closed a connection outside any transaction of ours: nothing
     *       ran, retryable;
     *   <li>a server shutdown killed the connection mid-call: the outcome is unknown.
     * </ul>
     *
     * @param state a SQLState, or null
     * @return the kind, or empty to fall back to the shared rules
     */
    static Optional<FailureKind> classify(String state) {
        if (state == null) {
            return Optional.empty();
        }
        return switch (state) {
            case DEADLOCK, LOCK_NOT_AVAILABLE, TOO_MANY_CONNECTIONS, CONFIGURATION_LIMIT_EXCEEDED, IDLE_SESSION_TIMEOUT ->
                    Optional.of(FailureKind.RETRYABLE);
            default -> SERVER_SHUTDOWN.contains(state) ? Optional.of(FailureKind.UNKNOWN_OUTCOME) : Optional.empty();
        };
    }

    /**
     * True for a connection exception or a server shutdown: evidence that every connection to
     * the server is lost, not just the one that reported it.
     *
     * @param state a SQLState, or null
     */
    static boolean serverGone(String state) {
        return ErrorClassifier.isConnectionException(state) || SERVER_SHUTDOWN.contains(state);
    }
}
