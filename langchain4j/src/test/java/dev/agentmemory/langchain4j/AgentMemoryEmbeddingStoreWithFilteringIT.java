package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryStore;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's filtering contract (which includes the metadata and basic add/search contracts),
 * unmodified, against one SQLite file. Each test gets its own namespace: JUnit makes a new
 * instance per test, and the instance names a namespace no other test used.
 */
class AgentMemoryEmbeddingStoreWithFilteringIT extends EmbeddingStoreWithFilteringIT {
    @TempDir
    static Path dir;
    private static MemoryStore store;

    private final AgentMemoryEmbeddingStore embeddingStore = AgentMemoryEmbeddingStore.builder()
            .store(store).tenant("lc4j").namespace(TestStores.freshNamespace("filtering")).build();

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

    /** ContainsString translates to core's case-sensitive {@code Filter.contains}, run inside the store. */
    @Override
    protected boolean supportsContains() {
        return true;
    }
}
