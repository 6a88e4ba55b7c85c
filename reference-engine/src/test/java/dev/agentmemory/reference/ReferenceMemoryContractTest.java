package dev.agentmemory.reference;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.MemoryStoreContract;
import dev.agentmemory.tck.SecondInstanceContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * Confined to the JUnit thread that runs it: the whole contract test kit on the reference
 * engine, one named database per test. A second store opened with the same name is the same
 * database ({@link SecondInstanceContract}); there is no JDBC DataSource, so neither the
 * connection confinement checker nor the lost-commit-reply tests apply (the module's own
 * {@code RetryTest} injects those faults through {@link ReferenceFaults}).
 */
class ReferenceMemoryContractTest implements MemoryStoreContract, SecondInstanceContract {
    private String name;

    /** The test's directory names its database, so every store of one test shares one. */
    @Override
    public StoreConfig.Builder storeConfig(Path tempDir) {
        name = "tck-" + Integer.toHexString(tempDir.toAbsolutePath().toString().hashCode());
        return StoreConfig.builder("reference:" + name);
    }

    /** The tenant's rows in every table of the named database, read from its maps. */
    @Override
    public Map<String, Long> storedRows(MemoryStore store, String tenant) {
        return ReferenceEngine.rowsOf(name, tenant);
    }

    /** Runs before the kit closes the stores; open engines keep the database until then. */
    @AfterEach
    void dropDatabase() {
        if (name != null) {
            ReferenceEngine.drop(name);
        }
    }
}
