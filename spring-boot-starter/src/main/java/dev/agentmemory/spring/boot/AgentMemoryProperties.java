package dev.agentmemory.spring.boot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Confined to the thread that binds it (Spring, at startup): the {@code agentmemory.*} settings
 * of the shared {@code MemoryStore} and the Spring AI beans built on it.
 *
 * <pre>
 * agentmemory.uri=postgresql://db:5432/app
 * agentmemory.user=app
 * agentmemory.password=${DB_PASSWORD}
 * agentmemory.embedder=minilm
 * agentmemory.async.threads=8
 * </pre>
 */
@ConfigurationProperties(prefix = "agentmemory")
public class AgentMemoryProperties {
    /** The store URI: {@code sqlite:path}, {@code h2:path}, {@code postgresql://host:port/db} or a {@code jdbc:} URL. */
    private String uri = "sqlite:./data/agent-memory.db";
    /** The database user (PostgreSQL); passed to the backend as its {@code user} setting. */
    private String user;
    /** The database password; passed to the backend as its {@code password} setting. */
    private String password;
    /** More backend settings by name, as each backend documents them (for example {@code schema}, {@code synchronous}). */
    private Map<String, String> properties = new LinkedHashMap<>();
    /** The store's embedder: {@code none}, or {@code minilm} (the local model of agent-memory-embeddings-onnx). An {@code Embedder} bean wins over both. */
    private EmbedderKind embedder = EmbedderKind.NONE;
    /** How long closing the context waits for store calls in flight. */
    private Duration closeTimeout = Duration.ofSeconds(10);
    private final Async async = new Async();
    private final Index index = new Index();
    private final VectorStore vectorStore = new VectorStore();
    private final ChatMemory chatMemory = new ChatMemory();

    /** The store's embedder choices. */
    public enum EmbedderKind {
        /** No embedder: drafts and searches carry their own vectors (Spring AI's EmbeddingModel embeds). */
        NONE,
        /** all-MiniLM-L6-v2, local, 384 dimensions; needs agent-memory-embeddings-onnx on the classpath. */
        MINILM
    }

    /** Confined to the binding thread: the store's async view. */
    public static class Async {
        /** Threads of {@code MemoryStore.async()}; unset keeps the store's default (twice the processors, at least 4). */
        private Integer threads;
        /** Tasks queued before async calls are refused with OVERLOADED; unset keeps the default (1000). */
        private Integer queueCapacity;

        public Integer getThreads() {
            return threads;
        }

        public void setThreads(Integer threads) {
            this.threads = threads;
        }

        public Integer getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(Integer queueCapacity) {
            this.queueCapacity = queueCapacity;
        }
    }

    /** Confined to the binding thread: the in-process search index. */
    public static class Index {
        /**
         * The heap all in-process search indexes may hold together ({@code StoreConfig.Builder.indexBudget});
         * unset keeps the store's default, a quarter of the maximum heap.
         */
        private DataSize memoryBudget;

        public DataSize getMemoryBudget() {
            return memoryBudget;
        }

        public void setMemoryBudget(DataSize memoryBudget) {
            this.memoryBudget = memoryBudget;
        }
    }

    /** Confined to the binding thread: the Spring AI {@code VectorStore} bean. */
    public static class VectorStore {
        /** Whether to define the VectorStore bean (it also needs an EmbeddingModel or an embedder). */
        private boolean enabled = true;
        /** The tenant of the documents. */
        private String tenant = "default";
        /** The namespace of the documents. */
        private String namespace = "documents";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getTenant() {
            return tenant;
        }

        public void setTenant(String tenant) {
            this.tenant = tenant;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }
    }

    /** Confined to the binding thread: the Spring AI {@code ChatMemoryRepository} bean. */
    public static class ChatMemory {
        /** Whether to define the ChatMemoryRepository bean. */
        private boolean enabled = true;
        /** The tenant of the conversations. */
        private String tenant = "default";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getTenant() {
            return tenant;
        }

        public void setTenant(String tenant) {
            this.tenant = tenant;
        }
    }

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    public EmbedderKind getEmbedder() {
        return embedder;
    }

    public void setEmbedder(EmbedderKind embedder) {
        this.embedder = embedder;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public Async getAsync() {
        return async;
    }

    public Index getIndex() {
        return index;
    }

    public VectorStore getVectorStore() {
        return vectorStore;
    }

    public ChatMemory getChatMemory() {
        return chatMemory;
    }
}
