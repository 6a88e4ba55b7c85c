package dev.agentmemory.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StorageProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** URI forms, discovery, properties and the file's directories. */
class H2ProviderTest {
    private final H2Provider provider = new H2Provider();

    @TempDir
    Path dir;

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(H2Provider.class);
        assertThat(provider.name()).isEqualTo("h2");
        assertThat(provider.artifact()).isEqualTo("dev.agentmemory:agent-memory-backend-h2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2:./data/m", "h2:/abs/m", "h2:~/m", "h2:m.mv.db", "h2:mem:x", "h2:mem:a.b-c_1",
        "jdbc:h2:./m", "jdbc:h2:/abs/m", "jdbc:h2:file:./m", "jdbc:h2:mem:x", "H2:MEM:x", "JDBC:H2:./m"})
    void accepts(String uri) {
        assertThat(provider.accepts(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h2:", "jdbc:h2:", "h2:mem:", "jdbc:h2:mem:", "h2:mem:a b", "sqlite:m.db",
        "sqlite::memory:", "postgresql://h/db", "jdbc:h2:tcp://localhost/~/m", "jdbc:h2:ssl://h/m", "h2:nio:./m",
        "jdbc:h2:async:./m", "jdbc:h2:zip:./m.zip!/m", "jdbc:h2:./m;AUTO_SERVER=TRUE", "h2:mem:x;DB_CLOSE_DELAY=-1",
        "h2:./data/", "h2:.mv.db"})
    void rejects(String uri) {
        assertThat(provider.accepts(uri)).isFalse();
    }

    @Test
    void acceptsTouchesNoFile() {
        Path file = dir.resolve("never/created");
        assertThat(provider.accepts("h2:" + file)).isTrue();
        assertThat(Files.exists(file.getParent())).isFalse();
    }

    @Test
    void opensAFileCreatingItsDirectoriesAndDescribesItAsGiven() {
        Path base = dir.resolve("a/b/c/m");
        try (StorageEngine engine = provider.open(StoreConfig.builder("jdbc:h2:" + base).build())) {
            assertThat(engine.describe()).isEqualTo("h2:" + base);
            assertThat(Files.exists(Path.of(base + ".mv.db"))).isTrue();
            assertThat(engine.pools()).extracting(p -> p.name()).containsExactly("writer", "reader");
        }
        assertThat(Files.exists(Path.of(base + ".mv.db"))).as("a file store outlives its engine").isTrue();
    }

    @Test
    void theMvDbSuffixNamesTheSameFile() {
        Path base = dir.resolve("m");
        try (StorageEngine engine = provider.open(StoreConfig.builder("h2:" + base + ".mv.db").build())) {
            assertThat(engine.describe()).isEqualTo("h2:" + base + ".mv.db");
        }
        assertThat(Files.exists(Path.of(base + ".mv.db"))).isTrue();
        assertThat(Files.exists(Path.of(base + ".mv.db.mv.db"))).isFalse();
    }

    @Test
    void badPropertiesAreInvalidConfig() {
        String uri = "h2:" + dir.resolve("p");
        for (String[] p : new String[][] {{"durability", "sometimes"}, {"lockTimeoutMillis", "-1"},
            {"writers", "0"}, {"readers", "65"}, {"readers", "many"}, {"connectionTimeoutMillis", "10"},
            {"writeDelayMillis", "100"}, {"durabilty", "durable"}, {"synchronous", "FULL"}}) {
            assertThatThrownBy(() -> provider.open(StoreConfig.builder(uri).property(p[0], p[1]).build()))
                    .as(p[0] + "=" + p[1])
                    .isInstanceOf(MemoryStoreException.class)
                    .satisfies(e -> assertThat(((MemoryStoreException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                    .hasMessageContaining(p[0])
                    .hasMessageContaining("h2:" + dir.resolve("p"));
        }
        assertThatThrownBy(() -> provider.open(StoreConfig.builder(uri).property("durability", "relaxed")
                .property("writeDelayMillis", "0").build()))
                .isInstanceOf(MemoryStoreException.class).hasMessageContaining("writeDelayMillis is '0'");
        assertThat(Files.exists(dir.resolve("p.mv.db"))).as("nothing opened").isFalse();
    }

    @Test
    void unknownPropertyListsTheKnownOnes() {
        assertThatThrownBy(() -> provider.open(StoreConfig.builder("h2:mem:props").property("x", "1").build()))
                .hasMessageContaining("[connectionTimeoutMillis, durability, lockTimeoutMillis, readers,"
                        + " writeDelayMillis, writers]");
    }

    @Test
    void relaxedDurabilityWithADelayOpens() {
        try (StorageEngine engine = provider.open(StoreConfig.builder("h2:" + dir.resolve("r"))
                .property("durability", "RELAXED").property("writeDelayMillis", "50").build())) {
            assertThat(engine.describe()).isEqualTo("h2:" + dir.resolve("r"));
        }
    }

    @Test
    void malformedH2UrisAreInvalidConfigWithTheReason() {
        assertThatThrownBy(() -> provider.open(StoreConfig.builder("jdbc:h2:./m;WRITE_DELAY=500").build()))
                .isInstanceOf(MemoryStoreException.class).hasMessageContaining("settings in the URL");
        assertThatThrownBy(() -> provider.open(StoreConfig.builder("jdbc:h2:tcp://localhost/m").build()))
                .isInstanceOf(MemoryStoreException.class).hasMessageContaining("'tcp:' is not supported");
        assertThatThrownBy(() -> provider.open(StoreConfig.builder("h2:mem:").build()))
                .isInstanceOf(MemoryStoreException.class).hasMessageContaining("needs a name");
    }
}
