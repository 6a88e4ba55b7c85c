package dev.agentmemory.h2;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.MemoryStoreContract;
import java.nio.file.Path;

/** Confined to the JUnit thread that runs it: the contract test kit on an H2 database file. */
class H2FileContractTest extends MemoryStoreContract {

    @Override
    protected StoreConfig.Builder storeConfig(Path tempDir) {
        return StoreConfig.builder("h2:" + tempDir.resolve("memories"));
    }
}
