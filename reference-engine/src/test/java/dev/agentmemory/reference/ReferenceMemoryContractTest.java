package dev.agentmemory.reference;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.tck.MemoryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * Confined to the JUnit thread that runs it: the whole contract test kit on the reference
 * engine, one named database per test.
 */
class ReferenceMemoryContractTest extends MemoryStoreContract {
    private String name;

    /** The test's directory names its database, so every store of one test shares one. */
    @Override
    protected StoreConfig.Builder storeConfig(Path tempDir) {
        name = "tck-" + Integer.toHexString(tempDir.toAbsolutePath().toString().hashCode());
        return StoreConfig.builder("reference:" + name);
    }

    /** A second store opened with the same name is the same database. */
    @Override
    protected boolean supportsSecondInstance() {
        return true;
    }

    /** No JDBC DataSource, so nothing for the connection confinement checker to wrap. */
    @Override
    protected boolean checksConnectionConfinement() {
        return false;
    }

    /** Runs before the kit closes the stores; open engines keep the database until then. */
    @AfterEach
    void dropDatabase() {
        if (name != null) {
            ReferenceEngine.drop(name);
        }
    }
}
