package dev.agentmemory.sqlite.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance. Checkpoints the WAL in the background, so that a write
 * never pays for it.
 *
 * <p>By default SQLite checkpoints on the commit that takes the WAL past 1000 pages: that
 * commit copies the pages into the database file and syncs it twice, milliseconds on a real
 * disk, which made one {@code put} in ~150 wait for it (the p99 of {@code put}). The writer
 * connection's automatic checkpoint is raised to {@link #WRITER_AUTOCHECKPOINT_PAGES} (a safety
 * net should this thread fall behind), and this thread runs a {@code PASSIVE} checkpoint every
 * {@link #PERIOD_MILLIS} ms on a reader connection: it waits for no reader or writer and
 * copies what no reader still needs.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    /** The writer's automatic checkpoint threshold, in pages (4 KB each). */
    static final int WRITER_AUTOCHECKPOINT_PAGES = 10_000;
    /** How often the background checkpoint runs. */
    static final long PERIOD_MILLIS = 1000;

    private final String describe;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WalCheckpointer(String describe, WalCheckpoint checkpoint) {
        this.describe = describe;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-memory-sqlite-checkpoint");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(checkpoint, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts checkpointing: every run borrows a connection of {@code readers} on the
     * checkpoint thread and returns it when the checkpoint is done.
     */
    static WalCheckpointer start(String describe, DataSource readers) {
        return new WalCheckpointer(describe, new WalCheckpoint(describe, readers));
    }

    /** Stops the thread, waiting for a checkpoint in progress. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("[{}] the background WAL checkpoint did not finish within 10 s", describe);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
