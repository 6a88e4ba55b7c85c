package dev.agentmemory.sqlite;

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
class SqliteProviderTest {
    private final SqliteProvider provider = new SqliteProvider();

    @TempDir
    Path dir;

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(SqliteProvider.class);
        assertThat(provider.name()).isEqualTo("sqlite");
        assertThat(provider.artifact()).isEqualTo("dev.agentmemory:agent-memory-backend-sqlite");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:./data/m.db", "sqlite:/abs/m.db", "sqlite::memory:", "jdbc:sqlite:m.db",
        "jdbc:sqlite::memory:", "SQLITE:m.db"})
    void accepts(String uri) {
        assertThat(provider.accepts(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sqlite:", "jdbc:sqlite:", "h2:mem:x", "postgresql://h/db", "jdbc:h2:mem:x",
        "sqlite:file:x.db?mode=memory&cache=shared", "sqlite:m.db?journal_mode=DELETE", "sqlite::resource:x"})
    void rejects(String uri) {
        assertThat(provider.accepts(uri)).isFalse();
    }

    @Test
    void acceptsTouchesNoFile() {
        Path file = dir.resolve("never/created.db");
        assertThat(provider.accepts("sqlite:" + file)).isTrue();
        assertThat(Files.exists(file.getParent())).isFalse();
    }

    @Test
    void opensAFileCreatingItsDirectoriesAndDescribesItAsGiven() {
        Path file = dir.resolve("a/b/c/m.db");
        try (StorageEngine engine = provider.open(StoreConfig.builder("jdbc:sqlite:" + file).build())) {
            assertThat(engine.describe()).isEqualTo("sqlite:" + file);
            assertThat(Files.exists(file)).isTrue();
            assertThat(engine.pools()).extracting(p -> p.name()).containsExactly("writer", "reader");
            assertThat(engine.pools().get(0).total()).isEqualTo(1);
        }
        assertThat(Files.exists(file)).as("a file store outlives its engine").isTrue();
    }

    @Test
    void badPropertiesAreInvalidConfig() {
        String uri = "sqlite:" + dir.resolve("p.db");
        for (String[] p : new String[][] {{"synchronous", "SOMETIMES"}, {"busyTimeoutMillis", "-1"},
            {"readers", "0"}, {"readers", "many"}, {"connectionTimeoutMillis", "10"}, {"synchronus", "FULL"}}) {
            assertThatThrownBy(() -> provider.open(StoreConfig.builder(uri).property(p[0], p[1]).build()))
                    .as(p[0] + "=" + p[1])
                    .isInstanceOf(MemoryStoreException.class)
                    .satisfies(e -> assertThat(((MemoryStoreException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                    .hasMessageContaining(p[0]);
        }
        assertThat(Files.exists(dir.resolve("p.db"))).as("nothing opened").isFalse();
    }

    @Test
    void malformedSqliteUriIsInvalidConfig() {
        assertThatThrownBy(() -> provider.open(StoreConfig.builder("sqlite:m.db?cache=shared").build()))
                .isInstanceOf(MemoryStoreException.class).hasMessageContaining("query parameters");
    }
}
