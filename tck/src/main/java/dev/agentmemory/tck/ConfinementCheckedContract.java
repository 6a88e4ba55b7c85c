package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.ListQuery;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.confinement.ConfinementChecker;
import dev.agentmemory.tck.support.TestData;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: the capability "every connection the store
 * borrows passes the confinement checker". A backend whose test class implements this gives
 * the kit a {@link ConnectionTap}; then every store of every test is opened with a fresh
 * {@link ConfinementChecker} between the backend's pool and the store, and after each test
 * every checker must be clean (no connection used from another thread or after its return,
 * none still borrowed) and must have seen connections borrowed, which proves the tap works.
 *
 * <p>Every JDBC backend declares it. The tap also lets tests inject faults under the pool:
 * {@link RetryContract} builds on it.
 */
public interface ConfinementCheckedContract extends StoreFixture {

    /**
     * How this backend installs a {@link DataSource} decorator into a store's configuration.
     *
     * @return the backend's tap; for this project's JDBC backends
     *     {@code ConnectionTap.attribute(JdbcSettings.DATA_SOURCE_DECORATOR)}
     */
    ConnectionTap connectionTap();

    /**
     * Opens a store whose connections also pass through {@code faults}, a decorator that
     * injects failures; the confinement checker wraps it.
     *
     * @throws dev.agentmemory.MemoryStoreException if the backend cannot open it
     */
    default MemoryStore openStore(UnaryOperator<StoreConfig.Builder> customizer, UnaryOperator<DataSource> faults) {
        return StoreSessions.of(this).open(customizer, faults);
    }

    /**
     * A data source of the backend under {@code store}, as its tap saw it (between the pool and the
     * confinement checker): for test hooks that read the database with plain SQL, such as
     * {@link ErasureContract#storedRows} through {@link JdbcTenantRows}. Borrow and return its
     * connections on one thread, and only while the store is open.
     *
     * @throws IllegalStateException if the store was not opened by this test
     */
    default DataSource dataSourceOf(MemoryStore store) {
        List<DataSource> sources = StoreSessions.of(this).dataSources(store);
        if (sources.isEmpty()) {
            throw new IllegalStateException("tck: the store " + store.describe() + " was not opened through the"
                    + " connection tap of this test; open it with store(), clockedStore() or openStore()");
        }
        return sources.get(0);
    }

    /** The confinement checkers installed so far in this test, one per store opened. */
    default List<ConfinementChecker> checkers() {
        return StoreSessions.of(this).checkers();
    }

    @Test
    default void connections_borrowed_from_many_threads_are_each_used_and_returned_on_their_own_thread() {
        MemoryStore store = store();
        Namespace ns = newNamespace(store);
        long seed = data().random().nextLong();

        Workers.run("confined", 8, Duration.ofSeconds(60), worker -> {
            TestData data = new TestData(new Random(seed + worker));
            for (int i = 0; i < 10; i++) {
                MemoryId id = ns.put(data.plainDraft("w" + worker + "-" + i, 4));
                assertThat(ns.get(id)).isPresent();
                ns.search(Search.vector(data.vector(4)).topK(3));
                ns.list(ListQuery.first(5));
                store.inTransaction(ns.tenant(), tx -> tx.delete(id));
            }
        });

        ConfinementChecker checker = checkers().get(0);
        assertThat(checker.borrows()).as("connections borrowed through the tap by 8 threads' 400 calls")
                .isGreaterThanOrEqualTo(80);
        assertThat(checker.outstanding()).as("connections not returned once every call finished").isZero();
        assertThat(checker.violations()).as("uses from another thread or after return").isEmpty();
        assertThat(ns.count()).isZero();
    }
}
