package dev.agentmemory.spring.boot;

import dev.agentmemory.Embedder;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.embeddings.onnx.MiniLmEmbedder;
import dev.agentmemory.micrometer.AgentMemoryMetrics;
import dev.agentmemory.spring.ai.AgentMemoryChatMemoryRepository;
import dev.agentmemory.spring.ai.AgentMemoryEmbeddingModel;
import dev.agentmemory.spring.ai.AgentMemoryVectorStore;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Thread-safe: Spring calls it once at startup. Auto-configuration of agent-memory: one shared
 * {@link MemoryStore} from the {@code agentmemory.*} properties, closed with the context; the
 * Spring AI {@link VectorStore} and {@link ChatMemoryRepository} over it; a health indicator
 * ({@code agentmemory}) and the Micrometer binder. Every bean backs off when the application
 * defines its own. See {@code docs/SPRING_AI.md}.
 */
@AutoConfiguration(beforeName = {
        // Spring AI's in-memory chat repository backs off when ours exists; it must see it.
        "org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration"},
        afterName = {
        // An application's EmbeddingModel (OpenAI, Ollama, ...) comes from these.
        "org.springframework.ai.model.openai.autoconfigure.OpenAiEmbeddingAutoConfiguration",
        "org.springframework.ai.model.ollama.autoconfigure.OllamaEmbeddingAutoConfiguration",
        "org.springframework.ai.model.transformers.autoconfigure.TransformersEmbeddingModelAutoConfiguration"})
@ConditionalOnClass(MemoryStore.class)
@EnableConfigurationProperties(AgentMemoryProperties.class)
public class AgentMemoryAutoConfiguration {

    /** The local MiniLM embedder, when {@code agentmemory.embedder=minilm} and no Embedder bean exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.agentmemory.embeddings.onnx.MiniLmEmbedder")
    @ConditionalOnProperty(prefix = "agentmemory", name = "embedder", havingValue = "minilm")
    static class MiniLmConfiguration {
        @Bean
        @ConditionalOnMissingBean
        Embedder agentMemoryEmbedder() {
            return MiniLmEmbedder.shared();
        }
    }

    /**
     * The shared store, closed when the context closes (after the beans that use it).
     *
     * @throws IllegalStateException if {@code agentmemory.embedder=minilm} but the model is not on the classpath
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MemoryStore memoryStore(AgentMemoryProperties properties, ObjectProvider<Embedder> embedder) {
        Embedder chosen = embedder.getIfAvailable();
        if (chosen == null && properties.getEmbedder() == AgentMemoryProperties.EmbedderKind.MINILM) {
            throw new IllegalStateException("agentmemory.embedder=minilm needs the local model: add the dependency"
                    + " dev.agentmemory:agent-memory-embeddings-onnx, or set agentmemory.embedder=none");
        }
        return MemoryStores.open(StoreConfigs.from(properties, chosen));
    }

    /** The Spring AI beans. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(VectorStore.class)
    static class SpringAiConfiguration {
        /** The store's embedder as Spring AI's EmbeddingModel, when the application has no other model. */
        @Bean
        @ConditionalOnMissingBean(EmbeddingModel.class)
        @ConditionalOnBean(Embedder.class)
        AgentMemoryEmbeddingModel agentMemoryEmbeddingModel(Embedder embedder) {
            return new AgentMemoryEmbeddingModel(embedder);
        }

        @Bean
        @ConditionalOnMissingBean(VectorStore.class)
        @ConditionalOnBean(EmbeddingModel.class)
        @ConditionalOnProperty(prefix = "agentmemory.vector-store", name = "enabled", matchIfMissing = true)
        AgentMemoryVectorStore agentMemoryVectorStore(MemoryStore store, EmbeddingModel embeddingModel,
                AgentMemoryProperties properties, ObjectProvider<ObservationRegistry> observations) {
            return AgentMemoryVectorStore.builder(store, embeddingModel)
                    .tenant(properties.getVectorStore().getTenant())
                    .namespace(properties.getVectorStore().getNamespace())
                    .observationRegistry(observations.getIfUnique(() -> ObservationRegistry.NOOP))
                    .build();
        }

        @Bean
        @ConditionalOnMissingBean(ChatMemoryRepository.class)
        @ConditionalOnProperty(prefix = "agentmemory.chat-memory", name = "enabled", matchIfMissing = true)
        AgentMemoryChatMemoryRepository agentMemoryChatMemoryRepository(MemoryStore store,
                AgentMemoryProperties properties) {
            return AgentMemoryChatMemoryRepository.builder(store).tenant(properties.getChatMemory().getTenant()).build();
        }
    }

    /** The health indicator, with Boot's health support present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "agentmemoryHealthIndicator")
        AgentMemoryHealthIndicator agentmemoryHealthIndicator(MemoryStore store) {
            return new AgentMemoryHealthIndicator(store);
        }
    }

    /** The Micrometer binder; Boot binds every MeterBinder bean to its registries. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        AgentMemoryMetrics agentMemoryMetrics(MemoryStore store) {
            return new AgentMemoryMetrics(store);
        }
    }
}
