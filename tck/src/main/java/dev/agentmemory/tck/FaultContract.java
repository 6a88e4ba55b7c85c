package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.AsyncMemoryStore;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.Search;
import dev.agentmemory.StoreClosedException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: the contract breaks an outside stress and
 * fault harness found, each pinned by a test that failed before its fix. Far-future instants
 * and odd vectors are refused or handled, never an overflow that denies a namespace its
 * search; an interrupt stays with its own thread's call; close never leaves a call waiting and
 * refuses new calls at once; async waits are bounded; cursors are checked.
 */
public interface FaultContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 8;

    @Test
    default void an_expiry_past_2262_is_stored_and_its_namespace_stays_searchable() {
        Namespace ns = newNamespace();
        MemoryDraft far = draft("expires in the year 5000", DIM).expiresAt(Instant.parse("5000-01-01T00:00:00Z"));
        MemoryId id = ns.put(far);
        MemoryId near = ns.put(draft("expires never", DIM));
        List<MemoryId> found = ns.search(Search.vector(far.embedding()).topK(2)).stream().map(m -> m.memory().id())
                .toList();
        assertThat(found).containsExactlyInAnyOrder(id, near);
        assertThat(ns.get(id).orElseThrow().expiresAt()).contains(Instant.parse("5000-01-01T00:00:00Z"));
    }

    @Test
    default void instants_the_store_cannot_represent_are_refused_with_a_validation_error() {
        Namespace ns = newNamespace();
        for (MemoryDraft d : List.of(draft("a", DIM).expiresAt(Instant.MAX), draft("b", DIM).expiresAt(Instant.MIN),
                draft("c", DIM).ttl(Duration.ofSeconds(Long.MAX_VALUE)))) {
            assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "put", () -> ns.put(d));
        }
        assertRejected(store(), ErrorCode.INVALID_FILTER, "search",
                () -> ns.search(Search.vector(vector(DIM)).where(Filter.createdBefore(Instant.MAX))));
        assertThat(ns.count()).isZero();
    }

    @Test
    default void time_filters_past_2262_work_in_search_as_in_count_and_list() {
        Namespace ns = newNamespace();
        MemoryDraft d = draft("created now", DIM);
        MemoryId id = ns.put(d);
        Filter before = Filter.createdBefore(Instant.parse("3000-01-01T00:00:00Z"));
        Filter after = Filter.createdAfter(Instant.parse("1600-01-01T00:00:00Z"));
        for (Filter f : List.of(before, after, Filter.not(Filter.createdAfter(Instant.parse("2500-01-01T00:00:00Z"))))) {
            assertThat(ns.count(f)).as("count " + f).isEqualTo(1);
            assertThat(ids(ns.list(ListQuery.first(5).where(f)).items())).as("list " + f).containsExactly(id);
            assertThat(ns.search(Search.vector(d.embedding()).where(f)).stream().map(m -> m.memory().id()).toList())
                    .as("search " + f).containsExactly(id);
        }
    }

    @Test
    default void put_all_with_a_null_draft_names_its_index() {
        Namespace ns = newNamespace();
        ValidationException e = assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "putAll",
                () -> ns.putAll(Arrays.asList(draft("fine", DIM), null)));
        assertThat(e.getMessage()).contains("draft 1");
        assertThat(ns.count()).isZero();
    }

    @Test
    default void vectors_whose_norm_overflows_or_underflows_are_refused_and_self_links_too() {
        Namespace ns = newNamespace();
        float[] huge = new float[DIM];
        Arrays.fill(huge, 3e38f);
        float[] tiny = new float[DIM];
        Arrays.fill(tiny, Float.MIN_VALUE);
        assertRejected(store(), ErrorCode.INVALID_VECTOR, "put", () -> ns.put(MemoryDraft.of("huge").embedding(huge)));
        assertRejected(store(), ErrorCode.INVALID_VECTOR, "put", () -> ns.put(MemoryDraft.of("tiny").embedding(tiny)));
        MemoryId a = ns.put(draft("a memory", DIM));
        assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "link", () -> ns.link(a, a, "about", 1.0));
        assertThat(ns.links(a)).isEmpty();
    }

    @Test
    default void a_changed_cursor_or_one_of_another_listing_is_refused() {
        MemoryStore store = store();
        String tenant = newTenant();
        Namespace a = store.namespace(tenant, "a");
        Namespace b = store.namespace(tenant, "b");
        for (int i = 0; i < 4; i++) {
            a.put(draft("a " + i, DIM).metadata("n", (long) i));
            b.put(draft("b " + i, DIM).metadata("n", (long) i));
        }
        String cursor = a.list(ListQuery.first(2)).nextCursor().orElseThrow();
        assertThat(a.list(ListQuery.first(2).after(cursor)).items()).hasSize(2);
        assertRejected(store, ErrorCode.INVALID_CURSOR, "list", () -> b.list(ListQuery.first(2).after(cursor)));
        assertRejected(store, ErrorCode.INVALID_CURSOR, "list",
                () -> a.list(ListQuery.first(2).where(Filter.gte("n", 0L)).after(cursor)));
        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        bytes[bytes.length / 2] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertRejected(store, ErrorCode.INVALID_CURSOR, "list", () -> a.list(ListQuery.first(2).after(tampered)));
        String plainId = a.list(ListQuery.first(1)).items().get(0).id().toString();
        assertRejected(store, ErrorCode.INVALID_CURSOR, "list", () -> a.list(ListQuery.first(2).after(plainId)));
    }

    /**
     * One thread interrupts itself before every put while seven others put (and the async
     * executor does too): grouped puts must not inherit its interrupt. The race happened if puts
     * were grouped while the interrupting thread was putting.
     */
    @Test
    default void an_interrupt_stays_with_its_own_threads_put() throws Exception {
        MemoryStore store = openStore();
        Namespace ns = store.namespace(newTenant(), uniqueName("interrupts"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> cleanFailure = new AtomicReference<>();
        AtomicInteger interruptedPuts = new AtomicInteger();
        AtomicInteger cleanPuts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        Thread interrupter = new Thread(() -> {
            await(start);
            while (!stop.get()) {
                Thread.currentThread().interrupt();
                try {
                    ns.put(draft("interrupted " + interruptedPuts.incrementAndGet(), DIM));
                } catch (RuntimeException e) {
                    // Its own put may fail: the interrupt is its own.
                }
                Thread.interrupted();
            }
        }, "interrupter");
        threads.add(interrupter);
        for (int t = 0; t < 7; t++) {
            int w = t;
            threads.add(new Thread(() -> {
                await(start);
                for (int i = 0; !stop.get(); i++) {
                    try {
                        ns.put(draft("clean " + w + " " + i, DIM));
                        cleanPuts.incrementAndGet();
                    } catch (RuntimeException e) {
                        cleanFailure.compareAndSet(null, e);
                    }
                }
            }, "clean-" + t));
        }
        // Other writes keep the writer busy, so a group's leader often waits for a connection:
        // that wait is where a JDBC pool sees the leader's interrupt.
        MemoryId target = ns.put(draft("updated all the time", DIM));
        threads.add(new Thread(() -> {
            await(start);
            for (int i = 0; !stop.get(); i++) {
                try {
                    ns.update(target, ns.get(target).orElseThrow().version(), draft("updated " + i, DIM));
                } catch (RuntimeException e) {
                    cleanFailure.compareAndSet(null, e);
                }
            }
        }, "updater"));
        List<CompletableFuture<MemoryId>> async = new ArrayList<>();
        threads.forEach(Thread::start);
        start.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((store.stats().groupedPuts() < 200 || interruptedPuts.get() < 100) && System.nanoTime() < deadline) {
            if (async.size() < 300) {
                async.add(store.async().namespace(ns.tenant(), ns.name()).put(draft("async " + async.size(), DIM)));
            }
            Thread.sleep(1);
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
        assertThat(interruptedPuts.get()).as("puts by the interrupted thread").isGreaterThanOrEqualTo(100);
        assertThat(store.stats().groupedPuts()).as("puts written in groups (the race)").isGreaterThanOrEqualTo(200);
        assertThat(cleanFailure.get()).as("a put of a thread never interrupted").isNull();
        for (CompletableFuture<MemoryId> f : async) {
            assertThat(f.get(30, TimeUnit.SECONDS)).as("an async put").isNotNull();
        }
        assertThat(cleanPuts.get()).isPositive();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Threads searching several namespaces when close starts must all end (with their result or
     * the closed error) soon after close returns, never wait for ever on a search task. The close
     * timeout is shorter than a search, so close stops the search pool while searches it let in
     * are still submitting their per-namespace tasks; rounds repeat to hit that window.
     */
    @Test
    default void close_leaves_no_multi_namespace_search_waiting() throws Exception {
        List<String> names = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            names.add("ns" + n);
        }
        int refused = 0;
        for (int round = 0; round < 4; round++) {
            // A call let in before close may still wait to borrow a connection from the closed
            // pool, which ends with the pool's borrow timeout (30 s by default); every JDBC
            // backend here takes this property, so that wait is short and what the test finds is
            // a wait without a bound (the reference engine has no pool and ignores it).
            MemoryStore store = openStore(b -> b.closeTimeout(Duration.ofMillis(1)).searchThreads(2)
                    .property("connectionTimeoutMillis", "1000"));
            String tenant = newTenant();
            for (String n : names) {
                List<MemoryDraft> drafts = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    drafts.add(draft(n + " " + i, DIM));
                }
                store.namespace(tenant, n).putAll(drafts);
            }
            AtomicInteger done = new AtomicInteger();
            AtomicInteger closedErrors = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> odd = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 48; t++) {
                threads.add(new Thread(() -> {
                    while (true) {
                        try {
                            store.search(tenant, names, Search.vector(vector(DIM)).topK(5));
                            done.incrementAndGet();
                        } catch (StoreClosedException e) {
                            closedErrors.incrementAndGet();
                            return;
                        } catch (RuntimeException e) {
                            odd.add(e);
                            return;
                        }
                    }
                }, "searcher-" + round + "-" + t));
            }
            threads.forEach(Thread::start);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (done.get() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            store.close();
            long joinBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
            }
            assertThat(stacks(threads)).as("searching threads still alive 10 s after close returned").isEmpty();
            assertThat(odd).as("failures other than the closed error").allSatisfy(e ->
                    assertThat(e).isInstanceOf(MemoryStoreException.class));
            refused += closedErrors.get();
        }
        assertThat(refused).as("searches refused by the closing store (close raced them)").isPositive();
    }

    /** The live threads with their stacks. */
    private static String stacks(List<Thread> threads) {
        StringBuilder out = new StringBuilder();
        for (Thread t : threads) {
            if (t.isAlive()) {
                out.append(describe(t, t.getStackTrace()));
            }
        }
        return out.toString();
    }

    private static String describe(Thread t, StackTraceElement[] stack) {
        StringBuilder out = new StringBuilder("\n").append(t.getName()).append(" (").append(t.getState()).append(')');
        for (StackTraceElement e : stack) {
            out.append("\n    at ").append(e);
        }
        return out.toString();
    }

    /**
     * While close waits for the async view's queue to drain, new calls fail at once with the
     * closed error, and async calls made then fail with it too, not with OVERLOADED.
     */
    @Test
    default void close_refuses_new_calls_while_it_drains_the_async_queue() throws Exception {
        MemoryStore store = openStore(b -> b.async(1, 8).closeTimeout(Duration.ofSeconds(20)));
        Namespace ns = newNamespace(store);
        MemoryId id = ns.put(draft("before close", DIM));
        AsyncMemoryStore async = store.async();
        AsyncMemoryStore.AsyncNamespace asyncNs = async.namespace(ns.tenant(), ns.name());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Integer> blocker = async.call(s -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        });
        CompletableFuture<Long> queued = asyncNs.count();
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(store::close, "closer");
        closer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!store.isClosed() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(closer.isAlive()).as("close is still draining the async queue").isTrue();
        assertThat(catchThrowable(() -> ns.get(id))).as("a new call while close drains")
                .isInstanceOf(StoreClosedException.class);
        Throwable lateAsync = catchThrowable(() -> asyncNs.count().join());
        assertThat(lateAsync).isInstanceOf(CompletionException.class);
        assertThat(lateAsync.getCause()).isInstanceOf(StoreClosedException.class);
        release.countDown();
        assertThat(blocker.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        Throwable queuedOutcome = catchThrowable(() -> queued.get(30, TimeUnit.SECONDS));
        assertThat(queuedOutcome).as("a call queued before close, run after the gate closed").isNotNull();
        assertThat(queuedOutcome.getCause()).isInstanceOf(StoreClosedException.class);
        closer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(closer.isAlive()).isFalse();
    }

    @Test
    default void an_async_call_that_waited_too_long_in_the_queue_fails_without_running() throws Exception {
        MemoryStore store = openStore(b -> b.async(new StoreConfig.Async(1, 16, Duration.ofMillis(100))));
        AsyncMemoryStore async = store.async();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> blocker = async.call(s -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        });
        AtomicInteger ran = new AtomicInteger();
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(async.call(s -> ran.incrementAndGet()));
        }
        Thread.sleep(300); // longer than maxQueueWait: the queued calls are past their bound
        release.countDown();
        assertThat(blocker.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        for (CompletableFuture<Integer> f : waiting) {
            Throwable e = catchThrowable(() -> f.get(30, TimeUnit.SECONDS));
            assertThat(e.getCause()).isInstanceOf(MemoryStoreException.class);
            assertThat(((MemoryStoreException) e.getCause()).code()).isEqualTo(ErrorCode.OVERLOADED);
            assertThat(e.getCause().getMessage()).contains("waited").contains("maxQueueWait");
        }
        assertThat(ran.get()).as("calls run after waiting too long").isZero();
        assertThat(async.call(s -> 2).get(30, TimeUnit.SECONDS)).as("a call that did not wait").isEqualTo(2);
    }
}
