package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.Filter;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: tenancy is a security boundary.
 *
 * <p>Tenant B, using tenant A's ids, namespace names and filters, finds nothing and changes
 * nothing through any operation (single and multi-namespace search, transactions included);
 * A's data is verified intact afterwards. Namespaces of one tenant are isolated the same way,
 * and each namespace of each tenant fixes its own dimension.
 */
public interface TenancyContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 8;

    @Test
    default void another_tenant_finds_nothing_and_changes_nothing() {
        MemoryStore store = store();
        String tenantA = newTenant();
        String tenantB = newTenant();
        List<String> names = List.of("shared", "notes");
        List<MemoryId> idsA = new ArrayList<>();
        for (String name : names) {
            idsA.addAll(store.namespace(tenantA, name).putAll(data().drafts("secret of A ", 15, DIM)));
        }
        List<Memory> beforeA = snapshot(store, tenantA, names);
        Namespace asB = store.namespace(tenantB, "shared");
        // B holds memories of another dimension in the same namespace name: independent of A's.
        List<MemoryId> idsB = asB.putAll(data().drafts("B's own ", 4, DIM + 2));
        float[] aVector = beforeA.get(0).embedding();

        for (MemoryId id : idsA) {
            assertThat(asB.get(id)).as("B gets A's memory").isEmpty();
            assertThat(catchThrowableOfType(MemoryNotFoundException.class,
                    () -> asB.update(id, 1, draft("hijacked", DIM + 2)))).as("B updates A's memory").isNotNull();
            assertThat(asB.delete(id)).as("B deletes A's memory").isFalse();
        }
        assertThat(asB.getAll(idsA)).isEmpty();
        assertThat(asB.getAll(List.of(idsA.get(0), idsB.get(0)))).extracting(Memory::id).containsExactly(idsB.get(0));
        assertThat(asB.count()).isEqualTo(4);
        assertThat(asB.count(Filter.exists("s"))).isLessThanOrEqualTo(4);
        assertThat(ids(listAll(asB))).containsExactlyElementsOf(idsB);
        assertThat(ids(listAll(asB, ListQuery.first(3).where(Filter.not(Filter.exists("absent"))))))
                .containsExactlyElementsOf(idsB);
        assertOnlyB(asB.search(Search.vector(vector(DIM + 2)).topK(100)), tenantB);
        assertOnlyB(store.search(tenantB, names, Search.vector(vector(DIM + 2)).topK(100)), tenantB);
        assertThat(store.namespace(tenantB, "notes").search(Search.vector(aVector).topK(100)))
                .as("B's empty namespace of A's name, queried with A's vector").isEmpty();
        assertThat(store.namespace(tenantB, "notes").count()).isZero();

        store.inTransaction(tenantB, tx -> {
            for (MemoryId id : idsA) {
                assertThat(tx.get(id)).as("B's transaction gets A's memory").isEmpty();
                assertThat(catchThrowableOfType(MemoryNotFoundException.class,
                        () -> tx.update(id, 1, draft("hijacked", DIM)))).isNotNull();
                assertThat(tx.delete(id)).isFalse();
            }
            return null;
        });
        long deletedByB = asB.deleteWhere(Filter.not(Filter.exists("absent")));
        assertThat(deletedByB).as("B's deleteWhere matching everything deletes only B's").isEqualTo(4);
        assertThat(store.namespace(tenantB, "notes").deleteWhere(Filter.not(Filter.exists("absent")))).isZero();

        assertThat(snapshot(store, tenantA, names)).as("A's data intact").containsExactlyElementsOf(beforeA);
        assertThat(store.search(tenantA, names, Search.vector(aVector).topK(1)).get(0).memory()).isEqualTo(beforeA.get(0));
    }

    @Test
    default void namespaces_of_one_tenant_are_isolated() {
        MemoryStore store = store();
        String tenant = newTenant();
        Namespace one = store.namespace(tenant, "one");
        Namespace two = store.namespace(tenant, "two");
        List<MemoryId> inOne = one.putAll(data().drafts("one ", 6, DIM));
        List<Memory> before = listAll(one);

        for (MemoryId id : inOne) {
            assertThat(two.get(id)).isEmpty();
            assertThat(catchThrowableOfType(MemoryNotFoundException.class, () -> two.update(id, 1, draft("x", DIM))))
                    .isNotNull();
            assertThat(two.delete(id)).isFalse();
        }
        assertThat(two.getAll(inOne)).isEmpty();
        assertThat(two.count()).isZero();
        assertThat(two.search(Search.vector(before.get(0).embedding()))).isEmpty();
        assertThat(two.deleteWhere(Filter.not(Filter.exists("absent")))).isZero();
        assertThat(listAll(one)).containsExactlyElementsOf(before);
    }

    @Test
    default void the_same_tenant_and_namespace_names_are_one_namespace() {
        MemoryStore store = store();
        String tenant = newTenant();
        MemoryId id = store.namespace(tenant, "same").put(draft("x", DIM));
        assertThat(store.namespace(tenant, "same").get(id)).isPresent();
        assertThat(store.namespace(tenant, "Same").get(id)).as("names are case-sensitive").isEmpty();
        assertThat(store.namespace(tenant.toUpperCase(), "same").get(id)).isEmpty();
        assertThat(store.namespace(tenant, "same").tenant()).isEqualTo(tenant);
        assertThat(store.namespace(tenant, "same").name()).isEqualTo("same");
    }

    private static void assertOnlyB(List<Match> hits, String tenantB) {
        assertThat(hits).as("search as B").isNotEmpty().allSatisfy(m -> {
            assertThat(m.memory().tenant()).isEqualTo(tenantB);
            assertThat(m.memory().content()).startsWith("B's own");
        });
    }

    private List<Memory> snapshot(MemoryStore store, String tenant, List<String> names) {
        List<Memory> out = new ArrayList<>();
        for (String name : names) {
            out.addAll(listAll(store.namespace(tenant, name)));
        }
        return out;
    }
}
