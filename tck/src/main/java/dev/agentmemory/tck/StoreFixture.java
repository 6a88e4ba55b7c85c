package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Limits;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.ValidationException;
import dev.agentmemory.tck.support.MutableClock;
import dev.agentmemory.tck.support.TestData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Confined to the JUnit thread that runs the test (the workers a test starts may call it too):
 * the one fixture every contract of the kit is written against.
 *
 * <p>A backend supplies {@link #storeConfig(Path)}; the kit does the rest. Every store is
 * opened with {@link MemoryStores#open(StoreConfig)} (backend discovery through
 * {@link java.util.ServiceLoader}), as users do, and closed after the test. What else a test
 * may count on depends on the capabilities the backend's test class declares by implementing
 * their interfaces: {@link SecondInstanceContract} (a second store on the same database) and
 * {@link ConfinementCheckedContract} (every connection passes the confinement checker).
 *
 * <p>Randomness is seeded per test (from the test's name, or from the system property
 * {@value #SEED_PROPERTY}), and the seed is in every failure message that depends on it. Names
 * of tenants and namespaces are unique per JVM run, so backends that share one database
 * between tests (a server) are safe. Each test has a {@link #clock()} that stands still until
 * the test moves it, for timestamps that must differ.
 *
 * <p>The state of a test (its stores, seed, clock and directory) lives in a session that
 * {@link StoreSessions} opens before each test and closes after it, so the contracts can be
 * interfaces that a backend's test class combines freely. Test instances must not run two
 * tests at once (JUnit's default lifecycle, one instance per test, is the safe choice).
 */
@Timeout(120)
@ExtendWith(StoreSessions.class)
public interface StoreFixture {
    /** Set to a number to change every test's seed. */
    String SEED_PROPERTY = "agentmemory.tck.seed";

    /** Where every test's {@link #clock()} starts. */
    Instant CLOCK_START = Instant.parse("2030-01-01T00:00:00Z");

    /**
     * The configuration of a store for this test; called once per store opened.
     *
     * @param dir a directory of this test's own, deleted after it; file backends put their
     *     database here
     * @return a builder the kit may change further (limits, clock, embedder) before opening
     */
    StoreConfig.Builder storeConfig(Path dir);

    /**
     * The store of this test, opened on first use on the system clock.
     *
     * @throws dev.agentmemory.MemoryStoreException if the backend cannot open it
     */
    default MemoryStore store() {
        return StoreSessions.of(this).store();
    }

    /**
     * The store of this test that runs on {@link #clock()}, opened on first use; for tests
     * whose timestamps must differ (move the clock between writes) or that test expiry.
     *
     * @throws dev.agentmemory.MemoryStoreException if the backend cannot open it
     */
    default MemoryStore clockedStore() {
        return StoreSessions.of(this).clockedStore();
    }

    /**
     * This test's clock: it shows {@link #CLOCK_START} until the test moves it.
     *
     * @return the same clock for the whole test
     */
    default MutableClock clock() {
        return StoreSessions.of(this).clock();
    }

    /**
     * Opens another store from {@link #storeConfig(Path)}. It addresses the same database only
     * if the backend declares {@link SecondInstanceContract}.
     *
     * @throws dev.agentmemory.MemoryStoreException if the backend cannot open it
     */
    default MemoryStore openStore() {
        return openStore(b -> b);
    }

    /**
     * Opens a store with a changed configuration, for example small {@link Limits}.
     *
     * @throws dev.agentmemory.MemoryStoreException if the backend cannot open it
     */
    default MemoryStore openStore(UnaryOperator<StoreConfig.Builder> customizer) {
        return StoreSessions.of(this).open(customizer, null);
    }

    /**
     * Opens a store with {@code limits}.
     *
     * @throws dev.agentmemory.MemoryStoreException if the backend cannot open it
     */
    default MemoryStore openStore(Limits limits) {
        return openStore(b -> b.limits(limits));
    }

    /** This test's seeded data generator. */
    default TestData data() {
        return StoreSessions.of(this).data();
    }

    /** This test's seed, to put in failure messages. */
    default String seedInfo() {
        return StoreSessions.of(this).seedInfo();
    }

    /** A tenant or namespace name no other test uses: {@code prefix-<run>-<n>}. */
    default String uniqueName(String prefix) {
        return StoreSessions.uniqueName(prefix);
    }

    /** A new tenant name. */
    default String newTenant() {
        return uniqueName("tenant");
    }

    /** A new, empty namespace of a new tenant in {@link #store()}. */
    default Namespace newNamespace() {
        return newNamespace(store());
    }

    /** A new, empty namespace of a new tenant in {@code store}. */
    default Namespace newNamespace(MemoryStore store) {
        return store.namespace(newTenant(), uniqueName("ns"));
    }

    /** A seeded random vector. */
    default float[] vector(int dim) {
        return data().vector(dim);
    }

    /** A draft with this content and a seeded random vector. */
    default MemoryDraft draft(String content, int dim) {
        return data().plainDraft(content, dim);
    }

    /** Every memory of {@code ns}, in id order, read page by page. */
    default List<Memory> listAll(Namespace ns) {
        return listAll(ns, ListQuery.first(97));
    }

    /** Every memory {@code first} and its following pages return, in order. */
    default List<Memory> listAll(Namespace ns, ListQuery first) {
        List<Memory> out = new ArrayList<>();
        ListQuery q = first;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("listing %s/%s does not end", ns.tenant(), ns.name()).isLessThan(100_000);
            Page<Memory> page = ns.list(q);
            if (!out.isEmpty() && !page.items().isEmpty()) {
                assertThat(page.items().get(0).id()).as("page %d of %s/%s starts after the previous page", pages,
                        ns.tenant(), ns.name()).isGreaterThan(out.get(out.size() - 1).id());
            }
            out.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return out;
            }
            q = q.after(page.nextCursor().get());
        }
    }

    /** The ids of {@code memories}, in order. */
    default List<MemoryId> ids(List<Memory> memories) {
        return memories.stream().map(Memory::id).toList();
    }

    /**
     * Asserts that {@code call} throws a {@link ValidationException} with {@code code} whose
     * message names the store and the operation.
     *
     * @return the exception, for more checks
     * @throws AssertionError if it does not
     */
    default ValidationException assertRejected(MemoryStore s, ErrorCode code, String operation, ThrowingCallable call) {
        ValidationException e = catchThrowableOfType(ValidationException.class, call);
        assertThat(e).as("%s should be rejected with %s", operation, code).isNotNull();
        assertThat(e.code()).as("error code of %s; message: %s", operation, e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).as("the message names the store").contains(s.describe());
        assertThat(e.getMessage()).as("the message names the operation").contains(operation);
        return e;
    }
}
