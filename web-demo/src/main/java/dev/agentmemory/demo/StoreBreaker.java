package dev.agentmemory.demo;

import dev.agentmemory.StorageException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance. Knows when the database is down, so that requests are
 * answered at once instead of each waiting a connection timeout, and finds out by itself when
 * it is back.
 *
 * <p>A resilience4j {@link CircuitBreaker} holds the state. One request that fails because no
 * connection could be opened ({@link StorageException.FailureKind#UNAVAILABLE}: the pool tried
 * for a whole connection timeout) opens it. While it is open, {@link #admit()} refuses every
 * request that needs the store, and a probe thread, not a user's request, takes the breaker's
 * one half-open call every {@link #PROBE_INTERVAL}: a cheap read, which may itself wait a
 * connection timeout, on that thread only. The first probe that succeeds closes the breaker.
 *
 * <p>Why not HikariCP's settings alone: a shorter {@code connectionTimeoutMillis} would make
 * every request wait that long while the database is down and would fail busy-pool waits
 * early when it is up; the pool has no notion of "known down". Why resilience4j's breaker with
 * our own probe instead of its automatic half-open state: there a user's request would be the
 * half-open trial and wait a whole connection timeout.
 */
final class StoreBreaker implements AutoCloseable {

    /** How often the probe tries the database while the breaker is open. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(StoreBreaker.class);

    private final CircuitBreaker breaker;
    private final Runnable probe;
    private final ScheduledExecutorService prober;

    /**
     * @param probe a cheap read of the database; it throws when the database cannot be reached
     */
    StoreBreaker(Runnable probe) {
        this.probe = probe;
        this.breaker = CircuitBreaker.of("store", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(1)
                .minimumNumberOfCalls(1)
                .failureRateThreshold(100)
                .waitDurationInOpenState(PROBE_INTERVAL)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> {
                    if (e.getStateTransition().getFromState() == CircuitBreaker.State.CLOSED) {
                        LOG.warn("the database cannot be reached: requests that need it are answered 503 at once"
                                + " until a probe reaches it (every {} ms)", PROBE_INTERVAL.toMillis());
                    }
                }
                case CLOSED -> LOG.info("the database answers again: serving requests");
                default -> LOG.debug("store breaker: {}", e.getStateTransition());
            }
        });
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "web-demo-store-probe");
            t.setDaemon(true);
            return t;
        });
        prober.scheduleWithFixedDelay(this::probeIfOpen, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Lets a request through to the store, or refuses it at once while the database is known to
     * be down. Requests never take the half-open trial: that is the probe's.
     *
     * @throws ApiException 503 {@code STORE_UNAVAILABLE} while the breaker is open
     */
    void admit() {
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            throw unavailable();
        }
    }

    /** True while the database is not known to be down. */
    boolean isClosed() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** Reports a store failure; one that says the database cannot be reached opens the breaker. */
    void failed(StorageException e) {
        if (e.kind() == StorageException.FailureKind.UNAVAILABLE) {
            breaker.onError(0, TimeUnit.NANOSECONDS, e);
        }
    }

    /** The refusal a request gets while the database is known to be down. */
    static ApiException unavailable() {
        return new ApiException(503, "STORE_UNAVAILABLE", "the database cannot be reached; nothing was done."
                + " The server checks it every second and serves requests again as soon as it answers: retry in a"
                + " few seconds");
    }

    private void probeIfOpen() {
        if (breaker.getState() == CircuitBreaker.State.CLOSED || !breaker.tryAcquirePermission()) {
            return;
        }
        long start = System.nanoTime();
        try {
            probe.run();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("store probe failed: {}", e.getMessage());
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        }
    }

    @Override
    public void close() {
        // No interrupt: a probe in flight is a store call, and an interrupt must not reach the database's I/O.
        prober.shutdown();
    }
}
