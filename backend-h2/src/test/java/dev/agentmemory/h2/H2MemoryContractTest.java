package dev.agentmemory.h2;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.MemoryStoreContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Confined to the JUnit thread that runs it: the contract test kit on in-memory H2 databases. */
class H2MemoryContractTest extends MemoryStoreContract {
    private static final AtomicLong NAMES = new AtomicLong();

    /**
     * A fresh name per store: stores on one name share a database only while one of them is
     * open, and the kit's reopen tests close the first store before opening the second.
     */
    @Override
    protected StoreConfig.Builder storeConfig(Path tempDir) {
        return StoreConfig.builder("h2:mem:contract-" + NAMES.incrementAndGet());
    }

    /** Each store gets a database of its own (see {@link #storeConfig}). */
    @Override
    protected boolean supportsSecondInstance() {
        return false;
    }
}
