package dev.agentmemory.sqlite;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcSettings;
import dev.agentmemory.tck.ConnectionTap;
import dev.agentmemory.tck.JdbcTenantRows;
import dev.agentmemory.tck.MemoryStoreContract;
import dev.agentmemory.tck.RetryContract;
import java.nio.file.Path;
import java.util.Map;

/**
 * Confined to the JUnit thread that runs it: the contract test kit on an in-memory SQLite
 * database. Each in-memory store is a database of its own, so it does not declare
 * {@code SecondInstanceContract}.
 */
class SqliteMemoryContractTest implements MemoryStoreContract, RetryContract {

    @Override
    public StoreConfig.Builder storeConfig(Path dir) {
        return StoreConfig.builder("sqlite::memory:");
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
