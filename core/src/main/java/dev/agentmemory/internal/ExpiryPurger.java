package dev.agentmemory.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance. Purges expired memories in the background, on one daemon
 * thread, every purge interval. Expired memories are invisible from the moment they expire;
 * this only frees their space. A failed purge is logged and tried again next time.
 */
final class ExpiryPurger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryPurger.class);
    private static final ExpiryPurger OFF = new ExpiryPurger(null);

    private final ScheduledExecutorService timer;

    private ExpiryPurger(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static ExpiryPurger start(DefaultMemoryStore store, Duration interval) {
        if (interval.isZero()) {
            return OFF;
        }
        String name = "agent-memory-purge [" + store.describe() + "]";
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(() -> purge(store), millis, millis, TimeUnit.MILLISECONDS);
        return new ExpiryPurger(timer);
    }

    private static void purge(DefaultMemoryStore store) {
        try {
            long purged = store.purgeExpired();
            if (purged > 0) {
                LOG.debug("[{}] purged {} expired memories", store.describe(), purged);
            }
        } catch (RuntimeException e) {
            if (!store.isClosed()) {
                LOG.warn("[{}] purging expired memories failed, will retry: {}", store.describe(), e.toString());
            }
        }
    }

    /** Stops the timer; a purge in progress finishes (never interrupted). */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdown();
        }
    }
}
