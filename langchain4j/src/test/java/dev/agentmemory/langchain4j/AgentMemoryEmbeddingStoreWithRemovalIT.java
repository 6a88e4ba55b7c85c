package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryStore;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's removal contract, unmodified, against one SQLite file. The suite has no hook to
 * clear the store between tests, so each test gets its own namespace: JUnit makes a new instance
 * per test, and the instance names a namespace no other test used.
 */
class AgentMemoryEmbeddingStoreWithRemovalIT extends EmbeddingStoreWithRemovalIT {
    @TempDir
    static Path dir;
    private static MemoryStore store;

    private final AgentMemoryEmbeddingStore embeddingStore = AgentMemoryEmbeddingStore.builder()
            .store(store).tenant("lc4j").namespace(TestStores.freshNamespace("removal")).build();

    @BeforeAll
    static void openStore() {
        store = TestStores.sqlite(dir);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        return embeddingStore;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return TestStores.model();
    }
}
