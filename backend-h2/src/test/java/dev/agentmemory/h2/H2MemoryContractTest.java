package dev.agentmemory.h2;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcSettings;
import dev.agentmemory.tck.ConnectionTap;
import dev.agentmemory.tck.JdbcTenantRows;
import dev.agentmemory.tck.MemoryStoreContract;
import dev.agentmemory.tck.RetryContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Confined to the JUnit thread that runs it: the contract test kit on in-memory H2 databases.
 * Each store gets a database of its own (see {@link #storeConfig}), so it does not declare
 * {@code SecondInstanceContract}.
 */
class H2MemoryContractTest implements MemoryStoreContract, RetryContract {
    private static final AtomicLong NAMES = new AtomicLong();

    /**
     * A fresh name per store: stores on one name share a database only while one of them is
     * open, and the kit's reopen tests close the first store before opening the second.
     */
    @Override
    public StoreConfig.Builder storeConfig(Path dir) {
        return StoreConfig.builder("h2:mem:contract-" + NAMES.incrementAndGet());
    }

    @Override
    public ConnectionTap connectionTap() {
        return ConnectionTap.attribute(JdbcSettings.DATA_SOURCE_DECORATOR);
    }

    /** The tenant's rows in every table of the schema, read from the catalog. */
    @Override
    public Map<String, Long> storedRows(MemoryStore store, String tenant) {
        return JdbcTenantRows.count(dataSourceOf(store), tenant);
    }
}
