package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread-safe: static methods only. Real SQLite stores on files, and the contract suites' embedding model. */
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

    /** The model LangChain4j's own store tests use; loading it is slow, so one per JVM. */
    static EmbeddingModel model() {
        return ModelHolder.MODEL;
    }

    private static final class ModelHolder {
        static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }
}
