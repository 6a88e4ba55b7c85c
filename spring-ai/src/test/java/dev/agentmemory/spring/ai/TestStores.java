package dev.agentmemory.spring.ai;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.tck.support.WordHashEmbedder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.ai.embedding.EmbeddingModel;

/** Thread-safe: static methods only. Real SQLite stores on files, and a deterministic embedding model. */
final class TestStores {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private TestStores() {}

    /** A store on a new SQLite file in {@code dir}. */
    static MemoryStore sqlite(Path dir) {
        return MemoryStores.open("sqlite:" + dir.resolve("memories-" + NAMES.incrementAndGet() + ".db"));
    }

    /** A namespace name no other test of this JVM uses, so every test starts empty. */
    static String freshNamespace(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    /** Texts that share words score higher than texts that share none; no model to load. */
    static EmbeddingModel model() {
        return new AgentMemoryEmbeddingModel(new WordHashEmbedder(64));
    }
}
