package dev.agentmemory.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.BackendNotFoundException;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.spi.StorageProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread: discovery with this backend alone on the classpath, as an
 * application that ships only SQLite sees it.
 */
class AloneOnTheClasspathTest {

    @Test
    void only_sqlite_is_found_and_opens_its_uris() {
        List<String> names = StreamSupport.stream(ServiceLoader.load(StorageProvider.class).spliterator(), false)
                .map(StorageProvider::name).toList();
        assertThat(names).containsExactly("sqlite");
        try (MemoryStore store = MemoryStores.open("sqlite::memory:")) {
            assertThat(store.describe()).startsWith("sqlite");
        }
    }

    @Test
    void another_backends_uri_says_which_artifact_to_add() {
        for (String uri : List.of("h2:mem:x", "postgresql://localhost:5432/db", "jdbc:postgresql://localhost/db")) {
            BackendNotFoundException e = catchThrowableOfType(BackendNotFoundException.class, () -> MemoryStores.open(uri));
            assertThat(e).as(uri).isNotNull();
            assertThat(e.getMessage()).as(uri).contains("no storage backend accepts '" + uri + "'")
                    .contains("sqlite [").contains("agent-memory-backend-h2").contains("agent-memory-backend-postgres");
        }
    }
}
