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
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Confined to the JUnit thread that runs it: server backends killed under the store with
 * {@code pg_terminate_backend}, on a PostgreSQL server of this class's own.
 */
@Timeout(180)
class KilledBackendIT {
    private static final String SCHEMA = PgServer.schemaFor(KilledBackendIT.class);
    private static FaultServer fault;
    private final Random random = new Random(42);

    @BeforeAll
    static void startServer() {
        fault = FaultServer.start();
    }

    @AfterAll
    static void stopServer() {
        fault.close();
    }

    @Test
    void a_backend_killed_inside_a_transaction_callback_fails_typed_rolls_back_and_the_next_call_succeeds()
            throws Exception {
        PgServer server = fault.server();
        String app = "am-kill-borrowed";
        try (MemoryStore store = FaultSupport.open(server, SCHEMA, app, b -> b.property("poolSize", "4"))) {
            Namespace ns = store.namespace("t-borrowed", "n");
            ns.put(draft(random, "before"));
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch killed = new CountDownLatch(1);
            ExecutorService worker = Executors.newSingleThreadExecutor();
            try {
                Future<Throwable> outcome = worker.submit(() -> {
                    try {
                        store.inTransaction("t-borrowed", tx -> {
                            tx.put("n", draft(random, "inside the killed transaction"));
                            inside.countDown();
                            killed.await(30, TimeUnit.SECONDS);
                            return tx.put("n", draft(random, "after the kill"));
                        });
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
                assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
                List<Integer> pids = FaultSupport.backends(server, app, "idle in transaction");
                assertThat(pids).as("the callback's connection, idle in its transaction").hasSize(1);
                assertThat(FaultSupport.terminate(server, pids.get(0))).isTrue();
                killed.countDown();
                Throwable failure = outcome.get(60, TimeUnit.SECONDS);

                assertThat(failure).as("the callback's next statement ran on a killed backend")
                        .isInstanceOf(StorageException.class);
                StorageException e = (StorageException) failure;
                assertThat(e.kind()).as(e.getMessage()).isEqualTo(StorageException.FailureKind.UNKNOWN_OUTCOME);
                assertThat(e.getMessage()).contains(store.describe()).contains("may or may not");
                long t0 = System.nanoTime();
                assertThat(ns.count()).as("the killed transaction was rolled back; the next call works").isEqualTo(1);
                MemoryId after = ns.put(draft(random, "after"));
                assertThat(ns.get(after)).isPresent();
                FaultSupport.figure("killed-while-borrowed", "error " + e.kind() + " (" + firstLine(e) + "), next"
                        + " call ok after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms, retries "
                        + FaultSupport.retries(store));
            } finally {
                worker.shutdown();
            }
        }
    }

    @Test
    void every_pooled_backend_killed_then_the_next_calls_all_succeed() throws Exception {
        PgServer server = fault.server();
        String app = "am-kill-all";
        int calls = 200;
        try (MemoryStore store = FaultSupport.open(server, SCHEMA, app,
                b -> b.property("poolSize", "4").property("minIdle", "4"))) {
            Namespace ns = store.namespace("t-kill-all", "n");
            List<MemoryId> ids = ns.putAll(List.of(draft(random, "a"), draft(random, "b"), draft(random, "c")));
            warmUp(ns, ids);
            int pooled = FaultSupport.backends(server, app, null).size();
            long retriesBefore = FaultSupport.retries(store);

            int killed = FaultSupport.terminateAll(server, app);
            long t0 = System.nanoTime();
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                try {
                    switch (i % 5) {
                        case 0 -> assertThat(ns.get(ids.get(i % 3))).isPresent();
                        case 1 -> assertThat(ns.count()).isGreaterThanOrEqualTo(3);
                        case 2 -> assertThat(ns.search(Search.vector(FaultSupport.vector(random)).topK(2))).hasSize(2);
                        case 3 -> assertThat(ns.list(ListQuery.first(2)).items()).hasSize(2);
                        default -> ns.put(draft(random, "after " + i));
                    }
                } catch (StorageException e) {
                    errors.add(e.getMessage());
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long retries = FaultSupport.retries(store) - retriesBefore;
            FaultSupport.figure("kill-all-pooled", "pooled " + pooled + ", killed " + killed + ", calls " + calls
                    + ", errors " + errors.size() + ", retries " + retries + ", " + ms + " ms for the calls");
            assertThat(killed).as("backends terminated").isGreaterThanOrEqualTo(1);
            assertThat(errors).as("no call after the kill fails").isEmpty();
            assertThat(ns.count()).isEqualTo(3 + calls / 5);
        }
    }

    /** Uses every pooled connection at once, so each was used within the last moments. */
    private static void warmUp(Namespace ns, List<MemoryId> ids) throws InterruptedException {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> first = new AtomicReference<>();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        ns.getAll(ids);
                    }
                } catch (Throwable e) {
                    first.compareAndSet(null, e);
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join(60_000);
        }
        assertThat(first.get()).as("warm-up").isNull();
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
