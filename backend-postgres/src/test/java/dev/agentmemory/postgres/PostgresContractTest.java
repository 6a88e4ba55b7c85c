package dev.agentmemory.postgres;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.MemoryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * Confined to the JUnit thread that runs it: the contract test kit on a real PostgreSQL server
 * ({@link PgServer}), in a schema of this class's own. Every store a test opens addresses the
 * same schema, so the second-instance tests (freshness and durability across instances) run.
 */
class PostgresContractTest extends MemoryStoreContract {
    private static final String SCHEMA = PgServer.schemaFor(PostgresContractTest.class);

    @Override
    protected StoreConfig.Builder storeConfig(Path tempDir) {
        return PgServer.shared().config(SCHEMA);
    }

    /** A server: every store opened on the same schema sees the same database. */
    @Override
    protected boolean supportsSecondInstance() {
        return true;
    }

    @AfterAll
    static void dropSchema() {
        PgServer.shared().dropSchema(SCHEMA);
    }
}
