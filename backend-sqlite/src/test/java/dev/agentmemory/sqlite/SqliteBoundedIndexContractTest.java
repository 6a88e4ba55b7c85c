package dev.agentmemory.sqlite;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcSettings;
import dev.agentmemory.tck.BoundedIndexContract;
import dev.agentmemory.tck.ConfinementCheckedContract;
import dev.agentmemory.tck.ConnectionTap;
import java.nio.file.Path;

/**
 * Confined to the JUnit thread that runs it: the concurrency contract and the eviction checks
 * on a SQLite file with a search index budget of about one namespace; connections checked.
 */
class SqliteBoundedIndexContractTest implements BoundedIndexContract, ConfinementCheckedContract {

    @Override
    public StoreConfig.Builder storeConfig(Path dir) {
        return StoreConfig.builder("sqlite:" + dir.resolve("memories.db"));
    }

    @Override
    public ConnectionTap connectionTap() {
        return ConnectionTap.attribute(JdbcSettings.DATA_SOURCE_DECORATOR);
    }
}
