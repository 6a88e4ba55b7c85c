package dev.agentmemory.reference;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.BoundedIndexContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * Confined to the JUnit thread that runs it: the concurrency contract and the eviction checks
 * on the reference engine with a search index budget of about one namespace.
 */
class ReferenceBoundedIndexContractTest implements BoundedIndexContract {
    private String name;

    @Override
    public StoreConfig.Builder storeConfig(Path tempDir) {
        name = "bounded-" + Integer.toHexString(tempDir.toAbsolutePath().toString().hashCode());
        return StoreConfig.builder("reference:" + name);
    }

    /** Runs before the kit closes the stores; open engines keep the database until then. */
    @AfterEach
    void dropDatabase() {
        if (name != null) {
            ReferenceEngine.drop(name);
        }
    }
}
