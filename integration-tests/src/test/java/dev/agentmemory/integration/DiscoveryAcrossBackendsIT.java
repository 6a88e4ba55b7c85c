package dev.agentmemory.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.BackendNotFoundException;
import dev.agentmemory.KnownBackend;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.spi.StorageProvider;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backend discovery with SQLite, H2 and PostgreSQL on one classpath, as an application that
 * ships all three sees it: the URI picks the backend, plain {@code jdbc:} URLs of each database
 * work, and an unknown scheme lists what was found. Every store is really opened and written.
 */
class DiscoveryAcrossBackendsIT {
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static String pgHostPort() {
        return "localhost:" + postgres.getPort() + "/postgres";
    }

    private static StoreConfig.Builder pg(String uri) {
        return StoreConfig.builder(uri).property("user", "postgres").property("password", "postgres")
                .property("schema", "discovery_" + Long.toHexString(System.nanoTime()));
    }

    @Test
    void the_service_loader_finds_all_three_backends() {
        List<String> names = StreamSupport.stream(ServiceLoader.load(StorageProvider.class).spliterator(), false)
                .map(StorageProvider::name).sorted().collect(Collectors.toList());
        assertThat(names).containsExactly("h2", "postgres", "sqlite");
    }

    @Test
    void every_known_backend_is_found_with_the_name_artifact_uri_forms_and_package_its_constant_gives() {
        List<StorageProvider> providers = StreamSupport.stream(ServiceLoader.load(StorageProvider.class).spliterator(),
                false).toList();
        assertThat(providers).hasSameSizeAs(KnownBackend.values());
        for (KnownBackend known : KnownBackend.values()) {
            StorageProvider provider = providers.stream().filter(p -> p.name().equals(known.id())).findFirst()
                    .orElseThrow(() -> new AssertionError("no provider named " + known.id()));
            assertThat(provider.artifact()).isEqualTo(known.artifact());
            assertThat(provider.uriForms()).isEqualTo(known.uriForms());
            assertThat(provider.getClass().getPackageName()).isEqualTo(known.rootPackage());
            assertThat(known.uriForms()).as("every form is accepted once its placeholder is filled in")
                    .allSatisfy(form -> assertThat(provider.accepts(form.replace("path", "./x.db")
                            .replace("host:port", "localhost:5432"))).as(form).isTrue());
        }
    }

    @Test
    void the_uri_picks_the_backend_and_plain_jdbc_urls_work() {
        List<StoreConfig.Builder> configs = List.of(
                StoreConfig.builder("sqlite:" + dir.resolve("a.db")),
                StoreConfig.builder("jdbc:sqlite:" + dir.resolve("b.db")),
                StoreConfig.builder("sqlite::memory:"),
                StoreConfig.builder("h2:" + dir.resolve("c")),
                StoreConfig.builder("jdbc:h2:" + dir.resolve("d")),
                StoreConfig.builder("h2:mem:discovery"),
                pg("postgresql://" + pgHostPort()),
                pg("jdbc:postgresql://" + pgHostPort()));
        List<String> expected = List.of("sqlite", "sqlite", "sqlite", "h2", "h2", "h2", "postgresql", "postgresql");
        for (int i = 0; i < configs.size(); i++) {
            StoreConfig config = configs.get(i).build();
            try (MemoryStore store = MemoryStores.open(config)) {
                assertThat(store.describe()).as("the backend %s chose", config.uri()).startsWith(expected.get(i));
                Namespace ns = store.namespace("t", "n");
                MemoryId id = ns.put(MemoryDraft.of("hello from " + config.uri()).embedding(new float[] {1, 2, 3}));
                assertThat(ns.get(id)).as(config.uri()).isPresent();
                assertThat(ns.search(Search.vector(new float[] {1, 2, 3}).topK(1)).get(0).memory().id()).isEqualTo(id);
            }
        }
    }

    @Test
    void an_unknown_scheme_lists_the_backends_found_and_the_artifacts() {
        BackendNotFoundException e = catchThrowableOfType(BackendNotFoundException.class,
                () -> MemoryStores.open("mongodb://localhost/x"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("mongodb://localhost/x")
                .contains("sqlite [").contains("h2 [").contains("postgres [")
                .contains("agent-memory-backend-sqlite").contains("agent-memory-backend-h2")
                .contains("agent-memory-backend-postgres");
    }

    @Test
    void the_system_property_chooses_and_refuses_a_uri_its_backend_cannot_open() {
        String key = MemoryStores.BACKEND_PROPERTY;
        System.setProperty(key, "h2");
        try {
            BackendNotFoundException e = catchThrowableOfType(BackendNotFoundException.class,
                    () -> MemoryStores.open("sqlite:" + dir.resolve("x.db")));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("agentmemory.backend").contains("h2");
            try (MemoryStore store = MemoryStores.open("h2:mem:chosen")) {
                assertThat(store.describe()).startsWith("h2");
            }
        } finally {
            System.clearProperty(key);
        }
    }
}
