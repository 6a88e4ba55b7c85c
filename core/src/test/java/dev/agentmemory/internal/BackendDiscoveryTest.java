package dev.agentmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.BackendNotFoundException;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StorageProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs real {@link java.util.ServiceLoader} discovery over this module's test
 * {@code META-INF/services} file, which lists two providers and one class that does not exist.
 */
class BackendDiscoveryTest {

    /** Accepts {@code alpha:} URIs and any URI ending in {@code .shared}. */
    public static final class AlphaProvider extends NamedProvider {
        public AlphaProvider() {
            super("alpha");
        }
    }

    /** Accepts {@code beta:} URIs and any URI ending in {@code .shared}. */
    public static final class BetaProvider extends NamedProvider {
        public BetaProvider() {
            super("beta");
        }
    }

    abstract static class NamedProvider implements StorageProvider {
        private final String name;

        NamedProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String artifact() {
            return "test:" + name;
        }

        @Override
        public List<String> uriForms() {
            return List.of(name + ":path");
        }

        @Override
        public boolean accepts(String uri) {
            return uri.startsWith(name + ":") || uri.startsWith("jdbc:" + name + ":") || uri.endsWith(".shared");
        }

        @Override
        public StorageEngine open(StoreConfig config) {
            throw new UnsupportedOperationException("discovery test only");
        }
    }

    private final BackendDiscovery discovery = BackendDiscovery.load(getClass().getClassLoader());

    @Test
    void a_provider_that_fails_to_load_is_reported_not_fatal() {
        assertThat(discovery.providers()).extracting(StorageProvider::name).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(discovery.loadFailures()).singleElement().asString().contains("DoesNotExistProvider");
    }

    @Test
    void the_uri_scheme_chooses() {
        assertThat(discovery.choose("beta:x", null).name()).isEqualTo("beta");
        assertThat(discovery.choose("jdbc:alpha:x", null).name()).isEqualTo("alpha");
    }

    @Test
    void the_system_property_wins_over_the_uri() {
        assertThat(discovery.choose("x.shared", "beta").name()).isEqualTo("beta");
        assertThatThrownBy(() -> discovery.choose("alpha:x", "beta"))
                .isInstanceOf(BackendNotFoundException.class)
                .hasMessageContaining("'beta' (chosen by agentmemory.backend) does not accept 'alpha:x'");
        assertThatThrownBy(() -> discovery.choose("alpha:x", "gamma"))
                .hasMessageContaining("names 'gamma', which is not on the classpath");
    }

    @Test
    void several_candidates_without_a_decision_is_an_error_naming_them() {
        assertThatThrownBy(() -> discovery.choose("x.shared", null))
                .isInstanceOf(BackendNotFoundException.class)
                .hasMessageContaining("alpha, beta")
                .hasMessageContaining("-Dagentmemory.backend=NAME");
    }

    @Test
    void no_candidate_lists_what_was_found_what_failed_and_the_artifacts_to_add() {
        assertThatThrownBy(() -> MemoryStores.open("sqlite:./x.db"))
                .isInstanceOf(BackendNotFoundException.class)
                .satisfies(e -> assertThat(((BackendNotFoundException) e).code()).isEqualTo(ErrorCode.NO_BACKEND))
                .hasMessageContaining("no storage backend accepts 'sqlite:./x.db'")
                .hasMessageContaining("alpha [alpha:path] from test:alpha")
                .hasMessageContaining("DoesNotExistProvider")
                .hasMessageContaining("dev.agentmemory:agent-memory-backend-sqlite (sqlite:path, sqlite::memory:")
                .hasMessageContaining("dev.agentmemory:agent-memory-backend-h2 (h2:path, h2:mem:name")
                .hasMessageContaining("dev.agentmemory:agent-memory-backend-postgres (postgresql://host:port/database");
    }
}
