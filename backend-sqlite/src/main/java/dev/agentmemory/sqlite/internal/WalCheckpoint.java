package dev.agentmemory.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance. One {@code PASSIVE} WAL checkpoint on a connection borrowed
 * for the call, on the calling thread (the {@link WalCheckpointer}'s), and returned before the
 * call returns.
 */
final class WalCheckpoint implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpoint.class);

    private final String describe;
    private final DataSource pool;

    WalCheckpoint(String describe, DataSource pool) {
        this.describe = describe;
        this.pool = pool;
    }

    @Override
    public void run() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException | RuntimeException e) {
            // Harmless: the next run, or the writer's own automatic checkpoint, catches up.
            LOG.debug("[{}] background WAL checkpoint failed: {}", describe, e.toString());
        }
    }
}
