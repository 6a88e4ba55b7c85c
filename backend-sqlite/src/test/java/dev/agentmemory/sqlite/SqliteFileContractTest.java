package dev.agentmemory.sqlite;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcSettings;
import dev.agentmemory.tck.ConnectionTap;
import dev.agentmemory.tck.JdbcTenantRows;
import dev.agentmemory.tck.MemoryStoreContract;
import dev.agentmemory.tck.RetryContract;
import dev.agentmemory.tck.SecondInstanceContract;
import java.nio.file.Path;
import java.util.Map;

/**
 * Confined to the JUnit thread that runs it: the contract test kit on a SQLite database file,
 * which a second store opens too; connections checked and faults injected through the JDBC tap.
 */
class SqliteFileContractTest implements MemoryStoreContract, SecondInstanceContract, RetryContract {

    @Override
    public StoreConfig.Builder storeConfig(Path dir) {
        return StoreConfig.builder("sqlite:" + dir.resolve("memories.db"));
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
