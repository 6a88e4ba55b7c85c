package dev.agentmemory.sqlite;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.MemoryStoreContract;
import java.nio.file.Path;

/** Confined to the JUnit thread that runs it: the contract test kit on a SQLite database file. */
class SqliteFileContractTest extends MemoryStoreContract {

    @Override
    protected StoreConfig.Builder storeConfig(Path tempDir) {
        return StoreConfig.builder("sqlite:" + tempDir.resolve("memories.db"));
    }
}
