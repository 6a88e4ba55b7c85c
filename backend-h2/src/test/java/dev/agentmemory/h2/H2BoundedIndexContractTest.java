package dev.agentmemory.h2;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcSettings;
import dev.agentmemory.tck.BoundedIndexContract;
import dev.agentmemory.tck.ConfinementCheckedContract;
import dev.agentmemory.tck.ConnectionTap;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Confined to the JUnit thread that runs it: the concurrency contract and the eviction checks
 * on in-memory H2 databases (one per store) with a search index budget of about one namespace;
 * connections checked.
 */
class H2BoundedIndexContractTest implements BoundedIndexContract, ConfinementCheckedContract {
    private static final AtomicLong NAMES = new AtomicLong();

    @Override
    public StoreConfig.Builder storeConfig(Path dir) {
        return StoreConfig.builder("h2:mem:bounded-" + NAMES.incrementAndGet());
    }

    @Override
    public ConnectionTap connectionTap() {
        return ConnectionTap.attribute(JdbcSettings.DATA_SOURCE_DECORATOR);
    }
}
