package dev.agentmemory.postgres;

import static dev.agentmemory.postgres.FaultSupport.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Confined to the JUnit thread that runs it: every pooled connection held by slow transaction
 * callbacks, on a PostgreSQL server of this class's own.
 */
@Timeout(120)
class PoolExhaustionIT {
    private static final String SCHEMA = PgServer.schemaFor(PoolExhaustionIT.class);
    private static FaultServer fault;

    @BeforeAll
    static void startServer() {
        fault = FaultServer.start();
    }

    @AfterAll
    static void stopServer() {
        fault.close();
    }

    @Test
    void an_exhausted_pool_fails_with_its_state_in_the_message_and_recovers() throws Exception {
        int pool = 2;
        Random random = new Random(3);
        try (MemoryStore store = FaultSupport.open(fault.server(), SCHEMA, "am-exhaust", b -> b
                .property("poolSize", Integer.toString(pool)).property("connectionTimeoutMillis", "500")
                .property("validationTimeoutMillis", "250"))) {
            Namespace ns = store.namespace("t-exhaust", "n");
            ns.put(draft(random, "seed"));
            CountDownLatch holding = new CountDownLatch(pool);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Throwable> holderFailure = new AtomicReference<>();
            List<Thread> holders = new ArrayList<>();
            for (int i = 0; i < pool; i++) {
                int n = i;
                Thread th = new Thread(() -> {
                    try {
                        // A tenant each: transactions of one namespace queue on its row lock.
                        store.inTransaction("t-exhaust-" + n, tx -> {
                            tx.put("n", draft(new Random(n), "slow " + n));
                            holding.countDown();
                            return release.await(60, TimeUnit.SECONDS);
                        });
                    } catch (Throwable e) {
                        holderFailure.compareAndSet(null, e);
                    }
                }, "holder-" + i);
                th.start();
                holders.add(th);
            }
            assertThat(holding.await(30, TimeUnit.SECONDS)).as("every connection is held").isTrue();

            long t0 = System.nanoTime();
            StorageException e = null;
            try {
                ns.count();
            } catch (StorageException caught) {
                e = caught;
            }
            long failMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(e).as("a call with no free connection").isNotNull();
            assertThat(e.kind()).isEqualTo(StorageException.FailureKind.RETRYABLE);
            assertThat(e.getMessage()).as("the pool state reaches the caller")
                    .contains("total=" + pool).contains("active=" + pool).contains("idle=0").contains("waiting=")
                    .contains("exhausted").contains(store.describe());
            long retries = FaultSupport.retries(store);

            release.countDown();
            for (Thread th : holders) {
                th.join(30_000);
            }
            assertThat(holderFailure.get()).as("the slow transactions themselves commit").isNull();
            long t1 = System.nanoTime();
            int errors = 0;
            for (int i = 0; i < 50; i++) {
                try {
                    ns.count();
                    ns.put(draft(random, "after " + i));
                } catch (StorageException after) {
                    errors++;
                }
            }
            long recoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
            assertThat(errors).as("calls after the holders returned their connections").isZero();
            assertThat(ns.count()).isEqualTo(1 + 50);
            for (int i = 0; i < pool; i++) {
                assertThat(store.namespace("t-exhaust-" + i, "n").count()).as("holder %d committed", i).isEqualTo(1);
            }
            FaultSupport.figure("pool-exhausted", "pool " + pool + ", connection timeout 500 ms: count failed after "
                    + failMs + " ms with " + retries + " retries: " + KilledBackendIT.firstLine(e)
                    + "; then 100 calls, 0 errors, in " + recoverMs + " ms");
        }
    }
}
