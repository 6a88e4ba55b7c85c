package dev.agentmemory.sqlite;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.MemoryStoreContract;
import java.nio.file.Path;

/** Confined to the JUnit thread that runs it: the contract test kit on an in-memory SQLite database. */
class SqliteMemoryContractTest extends MemoryStoreContract {

    @Override
    protected StoreConfig.Builder storeConfig(Path tempDir) {
        return StoreConfig.builder("sqlite::memory:");
    }

    /** Each in-memory store is a database of its own. */
    @Override
    protected boolean supportsSecondInstance() {
        return false;
    }
}
