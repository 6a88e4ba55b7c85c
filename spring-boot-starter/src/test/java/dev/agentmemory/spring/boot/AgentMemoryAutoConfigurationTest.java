package dev.agentmemory.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Embedder;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.embeddings.onnx.MiniLmEmbedder;
import dev.agentmemory.micrometer.AgentMemoryMetrics;
import dev.agentmemory.spring.ai.AgentMemoryChatMemoryRepository;
import dev.agentmemory.spring.ai.AgentMemoryEmbeddingModel;
import dev.agentmemory.spring.ai.AgentMemoryVectorStore;
import dev.agentmemory.tck.support.WordHashEmbedder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration's conditions and properties, each on a small real context over a real SQLite file. */
class AgentMemoryAutoConfigurationTest {
    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AgentMemoryAutoConfiguration.class))
                .withPropertyValues("agentmemory.uri=sqlite:" + dir.resolve("auto.db"));
    }

    @Test
    void without_an_embedder_there_is_a_store_and_a_chat_repository_but_no_vector_store() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(MemoryStore.class)
                    .hasSingleBean(AgentMemoryChatMemoryRepository.class)
                    .hasSingleBean(AgentMemoryHealthIndicator.class)
                    .hasSingleBean(AgentMemoryMetrics.class)
                    .doesNotHaveBean(VectorStore.class)
                    .doesNotHaveBean(EmbeddingModel.class);
            assertThat(context.getBean(MemoryStore.class).describe()).startsWith("sqlite:");
        });
    }

    @Test
    void an_embedder_bean_becomes_the_store_embedder_and_the_vector_stores_embedding_model() {
        runner().withBean(Embedder.class, () -> new WordHashEmbedder(16))
                .withPropertyValues("agentmemory.vector-store.tenant=acme", "agentmemory.vector-store.namespace=kb")
                .run(context -> {
                    assertThat(context).hasSingleBean(AgentMemoryVectorStore.class)
                            .hasSingleBean(AgentMemoryEmbeddingModel.class);
                    AgentMemoryVectorStore store = context.getBean(AgentMemoryVectorStore.class);
                    assertThat(store.tenant()).isEqualTo("acme");
                    assertThat(store.namespace()).isEqualTo("kb");
                    // The store embeds text itself too: a text search works without a vector.
                    MemoryStore memory = context.getBean(MemoryStore.class);
                    memory.namespace("acme", "notes").put(dev.agentmemory.MemoryDraft.of("embedded by the store"));
                    assertThat(memory.namespace("acme", "notes").search(dev.agentmemory.Search.text("store"))).hasSize(1);
                });
    }

    @Test
    void the_applications_own_beans_win() {
        AtomicReference<MemoryStore> own = new AtomicReference<>();
        runner().withBean(MemoryStore.class, () -> {
                    own.set(MemoryStores.open("sqlite:" + dir.resolve("own.db")));
                    return own.get();
                })
                .withBean(ChatMemoryRepository.class, () -> new org.springframework.ai.chat.memory.InMemoryChatMemoryRepository())
                .withBean(Embedder.class, () -> new WordHashEmbedder(16))
                .run(context -> {
                    assertThat(context).hasSingleBean(MemoryStore.class);
                    assertThat(context.getBean(MemoryStore.class)).isSameAs(own.get());
                    assertThat(context.getBean(ChatMemoryRepository.class))
                            .isInstanceOf(org.springframework.ai.chat.memory.InMemoryChatMemoryRepository.class);
                    assertThat(context.getBean(VectorStore.class).<dev.agentmemory.Namespace>getNativeClient()
                            .orElseThrow().count()).isZero();
                });
    }

    @Test
    void the_store_is_closed_with_the_context_and_the_health_indicator_then_reports_down() {
        AtomicReference<MemoryStore> store = new AtomicReference<>();
        AtomicReference<AgentMemoryHealthIndicator> health = new AtomicReference<>();
        runner().run(context -> {
            store.set(context.getBean(MemoryStore.class));
            health.set(context.getBean(AgentMemoryHealthIndicator.class));
            Health up = health.get().health(true);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsKeys("store", "pools");
        });
        assertThat(store.get().isClosed()).isTrue();
        Health down = health.get().health(true);
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("error", "the store is closed");
    }

    @Test
    void switches_turn_the_spring_ai_beans_off() {
        runner().withBean(Embedder.class, () -> new WordHashEmbedder(16))
                .withPropertyValues("agentmemory.vector-store.enabled=false", "agentmemory.chat-memory.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(MemoryStore.class).doesNotHaveBean(VectorStore.class)
                        .doesNotHaveBean(ChatMemoryRepository.class));
    }

    @Test
    void the_index_memory_budget_reaches_the_store() {
        runner().withPropertyValues("agentmemory.index.memory-budget=3MB").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MemoryStore.class).stats().index().budgetBytes()).isEqualTo(3L * 1024 * 1024);
        });
        runner().run(context -> assertThat(context.getBean(MemoryStore.class).stats().index().budgetBytes())
                .as("unset: the store's default").isEqualTo(StoreConfig.builder("sqlite::memory:").build().index()
                        .budgetBytes()));
    }

    @Test
    void minilm_without_the_model_on_the_classpath_fails_with_the_dependency_to_add() {
        runner().withClassLoader(new FilteredClassLoader(MiniLmEmbedder.class))
                .withPropertyValues("agentmemory.embedder=minilm").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("agent-memory-embeddings-onnx");
                });
    }

    @Test
    void properties_become_the_store_configuration() {
        AgentMemoryProperties props = new AgentMemoryProperties();
        props.setUri("postgresql://db:5432/app");
        props.setUser("app");
        props.setPassword("secret");
        props.getProperties().put("schema", "tenant_data");
        props.getAsync().setQueueCapacity(7);
        props.setCloseTimeout(java.time.Duration.ofSeconds(3));

        StoreConfig config = StoreConfigs.from(props, new WordHashEmbedder(8));

        assertThat(config.uri()).isEqualTo("postgresql://db:5432/app");
        assertThat(config.properties()).containsEntry("user", "app").containsEntry("password", "secret")
                .containsEntry("schema", "tenant_data");
        assertThat(config.async().queueCapacity()).isEqualTo(7);
        assertThat(config.async().threads()).isEqualTo(StoreConfig.builder("x").build().async().threads());
        assertThat(config.closeTimeout()).hasSeconds(3);
        assertThat(config.embedder()).isPresent();
    }
}
