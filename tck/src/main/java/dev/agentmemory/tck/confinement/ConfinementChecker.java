package dev.agentmemory.tck.confinement;

import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Thread-safe: share one instance per store under test. Records the borrowing thread of every
 * connection and reports any use from another thread or after return.
 *
 * <p>Skeleton: the implementation is being written.
 */
public final class ConfinementChecker {

    /** A decorator to install with {@code JdbcSettings.DATA_SOURCE_DECORATOR}. */
    public UnaryOperator<DataSource> decorator() {
        return ds -> ds;
    }

    /** Every violation seen so far, one line each, with thread names and the method called. */
    public List<String> violations() {
        return List.of();
    }

    /** Connections borrowed and not yet returned. */
    public int outstanding() {
        return 0;
    }

    /** Connections borrowed in all. */
    public long borrows() {
        return 0;
    }

    /**
     * Fails if any violation was recorded or a connection is still borrowed.
     *
     * @throws AssertionError listing the violations
     */
    public void assertClean() {}
}
