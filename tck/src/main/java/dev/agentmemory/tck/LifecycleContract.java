package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.ListQuery;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreClosedException;
import dev.agentmemory.StoreStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: the store's lifecycle.
 *
 * <p>{@code close()} is idempotent; afterwards every method fails with
 * {@link StoreClosedException} saying the store is closed; a call in flight when close starts
 * finishes and commits while close waits for it; stats report pools and growing operation
 * counts. Durability across close and reopen is in {@link SecondInstanceContract}.
 */
public interface LifecycleContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 4;

    @Test
    default void close_is_idempotent() {
        MemoryStore store = openStore();
        assertThat(store.isClosed()).isFalse();
        store.close();
        assertThat(store.isClosed()).isTrue();
        store.close();
        store.close();
        assertThat(store.isClosed()).isTrue();
    }

    @Test
    default void every_method_fails_after_close_saying_the_store_is_closed() {
        MemoryStore store = openStore();
        String tenant = newTenant();
        Namespace ns = store.namespace(tenant, "closing");
        MemoryId id = ns.put(draft("x", DIM));
        store.close();

        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("namespace", () -> store.namespace(tenant, "other"));
        calls.put("search across namespaces", () -> store.search(tenant, List.of("closing"), Search.vector(vector(DIM))));
        calls.put("inTransaction", () -> store.inTransaction(tenant, tx -> tx.get(id)));
        calls.put("stats", store::stats);
        calls.put("put", () -> ns.put(draft("y", DIM)));
        calls.put("putAll", () -> ns.putAll(List.of(draft("y", DIM))));
        calls.put("get", () -> ns.get(id));
        calls.put("getAll", () -> ns.getAll(List.of(id)));
        calls.put("update", () -> ns.update(id, 1, draft("y", DIM)));
        calls.put("delete", () -> ns.delete(id));
        calls.put("deleteWhere", () -> ns.deleteWhere(Filter.exists("k")));
        calls.put("count", ns::count);
        calls.put("count(filter)", () -> ns.count(Filter.exists("k")));
        calls.put("list", () -> ns.list(ListQuery.first()));
        calls.put("search", () -> ns.search(Search.vector(vector(DIM))));
        calls.forEach((name, call) -> {
            Throwable e = catchThrowable(call);
            assertThat(e).as("%s after close", name).isInstanceOf(StoreClosedException.class);
            assertThat(((StoreClosedException) e).code()).isEqualTo(ErrorCode.STORE_CLOSED);
            assertThat(e.getMessage()).as("%s after close", name).containsIgnoringCase("closed");
        });
        assertThat(store.isClosed()).isTrue();
    }

    @Test
    default void a_call_in_flight_when_close_starts_finishes_and_commits() throws Exception {
        MemoryStore store = openStore(b -> b.closeTimeout(Duration.ofSeconds(30)));
        String tenant = newTenant();
        Namespace ns = store.namespace(tenant, "inflight");
        ns.put(draft("before", DIM));

        MemoryId id = InFlightClose.putWhileClosing(store, tenant, "inflight", draft("written while closing", DIM));

        assertThat(catchThrowable(() -> ns.get(id))).isInstanceOf(StoreClosedException.class);
    }

    @Test
    default void stats_report_pools_and_growing_operation_counts() {
        MemoryStore store = store();
        Namespace ns = newNamespace();
        ns.put(draft("warm up", DIM));
        StoreStats before = store.stats();

        for (int i = 0; i < 10; i++) {
            ns.put(draft("m" + i, DIM));
            ns.search(Search.vector(vector(DIM)));
        }
        ns.count();
        StoreStats after = store.stats();

        assertThat(after.backend()).isEqualTo(store.describe());
        assertThat(after.pools()).as("pools").isNotEmpty().allSatisfy(p -> {
            assertThat(p.name()).isNotBlank();
            assertThat(p.total()).isNotNegative();
            assertThat(p.active()).isBetween(0, p.total());
            assertThat(p.idle()).isBetween(0, p.total());
            assertThat(p.waiting()).isNotNegative();
        });
        assertThat(after.pools().stream().mapToInt(StoreStats.PoolStats::total).sum()).as("connections open")
                .isPositive();
        assertThat(totalCalls(after) - totalCalls(before)).as("operations counted: before %s, after %s",
                before.operations(), after.operations()).isGreaterThanOrEqualTo(21);
        after.operations().forEach((name, op) -> {
            assertThat(op.calls()).as(name).isNotNegative();
            assertThat(op.failures()).as(name).isNotNegative();
            assertThat(op.retries()).as(name).isNotNegative();
            assertThat(op.maxMicros()).as(name).isGreaterThanOrEqualTo(op.meanMicros());
        });
        assertThat(after.indexedNamespaces()).as("the searched namespace is indexed").isPositive();
        assertThat(after.indexedVectors()).isGreaterThanOrEqualTo(11);
        assertThat(after.indexedBytes()).as("index bytes: at least the vectors").isGreaterThanOrEqualTo(11L * DIM * 4);

        // Conflicts and deduplicated drafts are counted.
        MemoryId id = ns.put(draft("m0", DIM)); // the content of an earlier put: deduplicated
        long version = ns.get(id).orElseThrow().version();
        ns.update(id, version, draft("m0 edited", DIM));
        assertThatThrownBy(() -> ns.update(id, version, draft("a stale edit", DIM)))
                .isInstanceOf(dev.agentmemory.VersionConflictException.class);
        StoreStats last = store.stats();
        assertThat(last.dedupHits() - after.dedupHits()).as("drafts deduplicated").isEqualTo(1);
        assertThat(last.operations().get("update").conflicts()).as("update conflicts").isEqualTo(1);
        assertThat(last.operations().get("update").failures()).as("update failures").isEqualTo(1);
    }

    private static long totalCalls(StoreStats stats) {
        return stats.operations().values().stream().mapToLong(StoreStats.OperationStats::calls).sum();
    }
}
