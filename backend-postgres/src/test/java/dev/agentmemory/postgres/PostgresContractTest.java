package dev.agentmemory.postgres;

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
import org.junit.jupiter.api.AfterAll;

/**
 * Confined to the JUnit thread that runs it: the contract test kit on a real PostgreSQL server
 * ({@link PgServer}), in a schema of this class's own. Every store a test opens addresses the
 * same schema, so it declares {@link SecondInstanceContract}; connections are checked and faults
 * injected through the JDBC tap.
 */
class PostgresContractTest implements MemoryStoreContract, SecondInstanceContract, RetryContract {
    private static final String SCHEMA = PgServer.schemaFor(PostgresContractTest.class);

    @Override
    public StoreConfig.Builder storeConfig(Path dir) {
        return PgServer.shared().config(SCHEMA);
    }

    /** PostgreSQL's {@code simple} configuration keeps accents. */
    @Override
    public boolean foldsDiacritics() {
        return false;
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

    @AfterAll
    static void dropSchema() {
        PgServer.shared().dropSchema(SCHEMA);
    }
}
