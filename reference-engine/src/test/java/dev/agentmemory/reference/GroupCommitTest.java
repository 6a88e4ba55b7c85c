package dev.agentmemory.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.StoreStats;
import dev.agentmemory.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs it: core's group commit of single puts
 * ({@code PutCombiner}), made to happen on purpose. A write transaction is held open, one put
 * becomes the leader and waits for the write lock, the others queue behind it; when the held
 * write commits, the queued puts are written as one group.
 */
class GroupCommitTest extends ReferenceStores {
    private static final String TENANT = "tenant";
    private static final int PUTS = 8;

    /** What each put thread ended with: its id or its exception. */
    private final Map<Integer, Object> outcomes = new ConcurrentHashMap<>();

    /**
     * Runs {@link #PUTS} puts while a write is held, the first alone (it becomes the leader and
     * waits for the write lock), the rest once it waits; releases the write when all are parked.
     */
    private void putBehindAHeldWrite(MemoryStore store, Namespace ns, IntFunction<MemoryDraft> drafts) {
        List<Thread> threads = new ArrayList<>();
        try (HeldWrite held = new HeldWrite(store, TENANT)) {
            for (int i = 0; i < PUTS; i++) {
                int index = i;
                Thread t = new Thread(() -> {
                    try {
                        outcomes.put(index, ns.put(drafts.apply(index)));
                    } catch (RuntimeException e) {
                        outcomes.put(index, e);
                    }
                }, "put-" + i);
                threads.add(t);
                t.start();
                if (i == 0) {
                    awaitTrue("the first put waits for the write lock", () -> writersWaiting(store) == 1);
                }
            }
            awaitTrue("every put is parked behind the held write", () -> parked(threads));
            assertThat(outcomes).as("no put finished while the write was held").isEmpty();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(outcomes).as("every put finished").hasSize(PUTS);
    }

    private static int writersWaiting(MemoryStore store) {
        return store.stats().pools().stream().filter(p -> p.name().equals("writer"))
                .mapToInt(StoreStats.PoolStats::waiting).sum();
    }

    @Test
    void puts_queued_behind_a_writer_are_committed_as_one_group_each_with_its_own_id() {
        MemoryStore store = open();
        Namespace ns = store.namespace(TENANT, "grouped");

        putBehindAHeldWrite(store, ns, i -> draft("put " + i, i));

        assertThat(store.stats().groupedPuts()).as("puts written together with others").isEqualTo(PUTS - 1);
        assertThat(ns.count()).isEqualTo(PUTS);
        outcomes.forEach((i, outcome) -> assertThat(ns.get((MemoryId) outcome)).as("put %d", i)
                .hasValueSatisfying(m -> assertThat(m.content()).isEqualTo("put " + i)));
    }

    @Test
    void a_put_refused_inside_a_group_fails_alone_and_the_others_are_stored() {
        MemoryStore store = open();
        Namespace ns = store.namespace(TENANT, "refusals");
        MemoryId taken = ns.put(draft("already here", 100)); // fixes the dimension at 4, and holds an id
        long groupedBefore = store.stats().groupedPuts();

        putBehindAHeldWrite(store, ns, i -> switch (i) {
            case 3 -> MemoryDraft.of("five dimensions").embedding(new float[] {1, 2, 3, 4, 5});
            case 5 -> draft("other content for a taken id", i).id(taken);
            default -> draft("put " + i, i);
        });

        assertThat(outcomes.get(3)).as("the put of the wrong dimension").isInstanceOfSatisfying(
                ValidationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIMENSION_MISMATCH));
        assertThat(outcomes.get(5)).as("the put of a taken id").isInstanceOfSatisfying(
                ValidationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        outcomes.forEach((i, outcome) -> {
            if (i != 3 && i != 5) {
                assertThat(outcome).as("put %d", i).isInstanceOf(MemoryId.class);
            }
        });
        assertThat(ns.count()).as("the memory before and the six good puts").isEqualTo(1 + PUTS - 2);
        assertThat(ns.get(taken)).map(m -> m.content()).contains("already here");
        assertThat(store.stats().groupedPuts()).as("the failed group committed nothing as a group")
                .isEqualTo(groupedBefore);
    }

    @Test
    void a_transient_failure_of_a_group_reaches_each_put_whose_own_retry_lands_it_once() {
        ReferenceFaults faults = new ReferenceFaults();
        MemoryStore store = open(b -> b.attribute(ReferenceFaults.KEY, faults));
        Namespace ns = store.namespace(TENANT, "transient");
        // Commits in order: the held write, the first put alone, then the group of the others.
        faults.passNextCommits(2);
        faults.failNextCommits(1, FailureKind.RETRYABLE);

        putBehindAHeldWrite(store, ns, i -> draft("put " + i, i));

        assertThat(faults.injected()).as("faults injected").isEqualTo(1);
        outcomes.forEach((i, outcome) -> assertThat(outcome).as("put %d", i).isInstanceOf(MemoryId.class));
        assertThat(ns.count()).as("each put stored once").isEqualTo(PUTS);
        assertThat(store.stats().operations().get("put").retries())
                .as("put retries: each put of the failed group retried on its own").isEqualTo(PUTS - 1);
    }
}
