package dev.agentmemory.postgres;

import static dev.agentmemory.postgres.FaultSupport.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.ListQuery;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Confined to the JUnit thread that runs it: the PostgreSQL server of this class stopped at
 * once ({@code pg_ctl stop -m immediate}) and started again on the same port and data
 * directory, under open stores.
 *
 * <p>The failsafe configuration widens HikariCP's no-validation window
 * ({@code com.zaxxer.hikari.aliveBypassWindowMs}) from 500 ms to 60 s, so every pooled
 * connection that died with the server is handed out without a liveness check: the worst case,
 * which a real restart inside the 500 ms window produces.
 */
@Timeout(240)
class ServerRestartIT {
    private static final String SCHEMA = PgServer.schemaFor(ServerRestartIT.class);
    private static FaultServer fault;
    private final Random random = new Random(7);

    @BeforeAll
    static void startServer() {
        fault = FaultServer.start();
    }

    @AfterAll
    static void stopServer() {
        fault.close();
    }

    @Test
    void a_restart_right_after_a_call_costs_idempotent_operations_at_most_a_transparent_retry() {
        try (MemoryStore store = FaultSupport.open(fault.server(), SCHEMA, "am-restart", b -> b)) {
            Namespace ns = store.namespace("t-restart", "n");
            List<MemoryId> ids = ns.putAll(List.of(draft(random, "a"), draft(random, "b"), draft(random, "c")));
            assertThat(ns.get(ids.get(0))).isPresent();
            long restartMs = fault.restartImmediately();
            long before = FaultSupport.retries(store);

            long t0 = System.nanoTime();
            assertThat(ns.get(ids.get(1))).as("get after the restart").isPresent();
            long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ns.search(Search.vector(FaultSupport.vector(random)).topK(3))).hasSize(3);
            assertThat(ns.count()).isEqualTo(3);
            assertThat(ns.list(ListQuery.first(10)).items()).hasSize(3);
            assertThat(ns.getAll(ids)).hasSize(3);
            long retries = FaultSupport.retries(store) - before;

            FaultSupport.figure("restart-in-window", "restart took " + restartMs + " ms; get, search, count, list,"
                    + " getAll: 0 errors, " + retries + " transparent retries, first call " + firstMs + " ms");
            assertThat(retries).as("the first call met a dead pooled connection (the scenario happened) and"
                    + " retried it").isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void a_stopped_server_fails_calls_fast_with_a_typed_error_and_the_store_recovers_without_reopening() {
        long connectionTimeout = 1000;
        int attempts = 4;
        try (MemoryStore store = FaultSupport.open(fault.server(), SCHEMA, "am-down", b -> b
                .property("connectionTimeoutMillis", Long.toString(connectionTimeout))
                .property("validationTimeoutMillis", "500"))) {
            Namespace ns = store.namespace("t-down", "n");
            MemoryId id = ns.put(draft(random, "kept"));
            fault.stopImmediately();
            List<Long> failMs = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    long t0 = System.nanoTime();
                    StorageException e = null;
                    try {
                        switch (i) {
                            case 0 -> ns.get(id);
                            case 1 -> ns.count();
                            case 2 -> ns.put(draft(random, "while down"));
                            default -> ns.search(Search.vector(FaultSupport.vector(random)).topK(1));
                        }
                    } catch (StorageException caught) {
                        e = caught;
                    }
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    failMs.add(ms);
                    assertThat(e).as("call %d while the server is down", i).isNotNull();
                    assertThat(e.kind()).as(e.getMessage()).isEqualTo(StorageException.FailureKind.UNAVAILABLE);
                    assertThat(e.isTransient()).as(e.getMessage()).isTrue();
                    assertThat(e.getMessage()).as("the message says why").contains("unreachable")
                            .contains(store.describe());
                    // An unavailable database is not retried: one connection timeout, not one per
                    // attempt. The slack is for two noisy shared cores.
                    assertThat(ms).as("call %d failed within the %d ms connection timeout + slack", i,
                            connectionTimeout).isLessThan(connectionTimeout + 3000);
                }
            } finally {
                fault.startAgain();
            }
            // HikariCP retries opening connections with a backoff that doubles up to 5 s while the
            // server is down, so the pool comes back within that backoff after the server does.
            long t0 = System.nanoTime();
            int failedAfterStart = 0;
            while (true) {
                try {
                    assertThat(ns.get(id)).as("the same store works again").isPresent();
                    break;
                } catch (StorageException e) {
                    failedAfterStart++;
                    assertThat(e.isTransient()).as(e.getMessage()).isTrue();
                    assertThat(System.nanoTime() - t0).as("recovered within 30 s of the server's return")
                            .isLessThan(TimeUnit.SECONDS.toNanos(30));
                }
            }
            long recoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            ns.put(draft(random, "after"));
            assertThat(ns.count()).isEqualTo(2);
            FaultSupport.figure("server-down", "4 calls failed typed in " + failMs + " ms (connection timeout "
                    + connectionTimeout + " ms, " + attempts + " attempts); after the start: " + failedAfterStart
                    + " calls failed (typed, transient), first success " + recoverMs + " ms after the server was up");
        }
    }

    @Test
    void every_acknowledged_write_survives_an_immediate_stop_during_a_write_loop() throws Exception {
        int threads = 4;
        try (MemoryStore store = FaultSupport.open(fault.server(), SCHEMA, "am-write-loop",
                b -> b.property("connectionTimeoutMillis", "1000").property("validationTimeoutMillis", "500"))) {
            Namespace ns = store.namespace("t-write-loop", "n");
            Queue<MemoryId> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicInteger failures = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                Thread th = new Thread(() -> {
                    Random r = new Random(n);
                    try {
                        start.await();
                        for (int i = 0; !stop.get(); i++) {
                            try {
                                acknowledged.add(ns.put(draft(r, "writer " + n + " #" + i)));
                            } catch (StorageException e) {
                                failures.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                }, "writer-" + t);
                th.start();
                writers.add(th);
            }
            start.countDown();
            Thread.sleep(1500);
            int beforeStop = acknowledged.size();
            fault.stopImmediately();
            Thread.sleep(1500);
            fault.startAgain();
            Thread.sleep(1500);
            stop.set(true);
            for (Thread th : writers) {
                th.join(60_000);
            }
            assertThat(unexpected.get()).isNull();

            List<MemoryId> missing = new ArrayList<>();
            for (MemoryId id : acknowledged) {
                if (ns.get(id).isEmpty()) {
                    missing.add(id);
                }
            }
            FaultSupport.figure("write-loop-stop", threads + " writers; acknowledged " + acknowledged.size() + " ("
                    + beforeStop + " before the stop), failed " + failures.get() + ", missing after restart "
                    + missing.size());
            assertThat(beforeStop).as("writes were acknowledged before the stop").isPositive();
            assertThat(failures.get()).as("writes failed while the server was down (the stop happened)").isPositive();
            assertThat(acknowledged.size()).as("writes were acknowledged after the restart").isGreaterThan(beforeStop);
            assertThat(missing).as("acknowledged writes lost by the immediate stop").isEmpty();
            assertThat(ns.count()).isGreaterThanOrEqualTo(acknowledged.size());
        }
    }
}
