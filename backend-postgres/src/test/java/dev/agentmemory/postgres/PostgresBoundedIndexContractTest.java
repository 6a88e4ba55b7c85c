package dev.agentmemory.postgres;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcSettings;
import dev.agentmemory.tck.BoundedIndexContract;
import dev.agentmemory.tck.ConfinementCheckedContract;
import dev.agentmemory.tck.ConnectionTap;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * Confined to the JUnit thread that runs it: the concurrency contract and the eviction checks
 * on a real PostgreSQL server ({@link PgServer}), in a schema of this class's own, with a search
 * index budget of about one namespace; connections checked.
 */
class PostgresBoundedIndexContractTest implements BoundedIndexContract, ConfinementCheckedContract {
    private static final String SCHEMA = PgServer.schemaFor(PostgresBoundedIndexContractTest.class);

    @Override
    public StoreConfig.Builder storeConfig(Path dir) {
        return PgServer.shared().config(SCHEMA);
    }

    @Override
    public ConnectionTap connectionTap() {
        return ConnectionTap.attribute(JdbcSettings.DATA_SOURCE_DECORATOR);
    }

    @AfterAll
    static void dropSchema() {
        PgServer.shared().dropSchema(SCHEMA);
    }
}
