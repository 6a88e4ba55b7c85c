package dev.agentmemory.spring.ai;

import dev.agentmemory.MemoryStore;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.VectorStore;

/** Spring AI's own vector-store contract, unmodified, on a real SQLite file. */
class AgentMemoryVectorStoreContractTest extends BaseVectorStoreTests {
    @TempDir
    static Path dir;

    private static MemoryStore store;

    @BeforeAll
    static void open() {
        store = TestStores.sqlite(dir);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected void executeTest(Consumer<VectorStore> testFunction) {
        testFunction.accept(AgentMemoryVectorStore.builder(store, TestStores.model())
                .tenant("contract").namespace(TestStores.freshNamespace("docs")).build());
    }
}
