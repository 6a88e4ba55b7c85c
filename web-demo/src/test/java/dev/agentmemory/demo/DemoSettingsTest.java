package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSettingsTest {

    @Test
    void defaults_are_loopback_port_7070_sqlite_under_data_and_dev_mode(@TempDir Path dir) throws Exception {
        // The data directory from the variable, so the test writes nothing into the working directory.
        DemoSettings s = DemoSettings.from(new String[0], Map.of("AGENT_MEMORY_DATA", dir.toString()));
        assertThat(DemoSettings.DEFAULT_DATA).isEqualTo("data");
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(7070);
        assertThat(s.storeUri()).isEqualTo("sqlite:./data/demo.db");
        assertThat(s.keys().isDev()).isTrue();
        assertThat(s.storeProperties()).isEmpty();
        assertThat(s.embedBatching()).isTrue();
    }

    @Test
    void embedding_batching_is_on_unless_turned_off() throws Exception {
        assertThat(DemoSettings.from(new String[] {"--embed-batching", "off"}, Map.of()).embedBatching()).isFalse();
        assertThat(DemoSettings.from(new String[0], Map.of("AGENT_MEMORY_EMBED_BATCHING", "off")).embedBatching())
                .isFalse();
        assertThat(DemoSettings.from(new String[] {"--embed-batching=on"}, Map.of("AGENT_MEMORY_EMBED_BATCHING", "off"))
                .embedBatching()).isTrue();
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--embed-batching", "yes"}, Map.of()))
                .hasMessageContaining("--embed-batching must be on or off, got 'yes'");
        assertThat(WebDemo.embedder(DemoSettings.from(new String[0], Map.of())))
                .isInstanceOf(dev.agentmemory.embeddings.onnx.MicroBatchingEmbedder.class);
        assertThat(WebDemo.embedder(DemoSettings.from(new String[] {"--embed-batching", "off"}, Map.of())))
                .isSameAs(dev.agentmemory.embeddings.onnx.MiniLmEmbedder.shared());
    }

    @Test
    void flags_win_over_variables() throws Exception {
        Map<String, String> env = Map.of("AGENT_MEMORY_STORE", "h2:mem:x", "AGENT_MEMORY_PORT", "9000",
                "AGENT_MEMORY_KEYS", "alice=key-for-alice", "AGENT_MEMORY_STORE_USER", "agent",
                "AGENT_MEMORY_STORE_PASSWORD", "secret");
        DemoSettings fromEnv = DemoSettings.from(new String[0], env);
        assertThat(fromEnv.storeUri()).isEqualTo("h2:mem:x");
        assertThat(fromEnv.port()).isEqualTo(9000);
        assertThat(fromEnv.keys().tenantFor("key-for-alice")).contains("alice");
        assertThat(fromEnv.storeProperties()).containsEntry("user", "agent").containsEntry("password", "secret");

        DemoSettings flags = DemoSettings.from(new String[] {"--store", "sqlite::memory:", "--port=0", "--host", "::1",
                "--store-property", "user=other"}, env);
        assertThat(flags.storeUri()).isEqualTo("sqlite::memory:");
        assertThat(flags.port()).isZero();
        assertThat(flags.host()).isEqualTo("::1");
        assertThat(flags.storeProperties()).containsEntry("user", "other");
    }

    @Test
    void the_dev_key_is_made_once_in_the_data_directory_and_kept_across_starts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String first = DemoSettings.from(new String[] {"--data", data.toString()}, Map.of()).keys().devKey().orElseThrow();
        String second = DemoSettings.from(new String[0], Map.of("AGENT_MEMORY_DATA", data.toString())).keys().devKey()
                .orElseThrow();

        assertThat(second).as("the key of a restart").isEqualTo(first);
        Path file = data.resolve(ApiKeys.DEV_KEY_FILE);
        assertThat(Files.readString(file).strip()).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var listing = Files.list(data)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly(ApiKeys.DEV_KEY_FILE);
        }
        String other = DemoSettings.from(new String[] {"--data", dir.resolve("other").toString()}, Map.of()).keys()
                .devKey().orElseThrow();
        assertThat(other).as("another data directory, another key").isNotEqualTo(first);
    }

    @Test
    void a_dev_key_file_with_a_short_key_is_refused_with_the_fix(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ApiKeys.DEV_KEY_FILE), "short\n");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--data", dir.toString()}, Map.of()))
                .hasMessageContaining("shorter than 8").hasMessageContaining("delete the file");
    }

    @Test
    void the_admin_key_comes_from_its_variable_or_is_made_at_start(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("AGENT_MEMORY_KEYS", "alice=key-for-alice");
        ApiKeys made = DemoSettings.from(new String[0], env).keys();
        assertThat(made.adminKeyGiven()).isFalse();
        assertThat(made.adminKey()).startsWith("admin-").hasSizeGreaterThan(20)
                .isNotEqualTo(DemoSettings.from(new String[0], env).keys().adminKey());
        assertThat(made.isAdmin(made.adminKey())).isTrue();
        assertThat(made.isAdmin("key-for-alice")).isFalse();

        ApiKeys given = DemoSettings.from(new String[0], Map.of("AGENT_MEMORY_KEYS", "alice=key-for-alice",
                "AGENT_MEMORY_ADMIN_KEY", "the-admins-key")).keys();
        assertThat(given.adminKeyGiven()).isTrue();
        assertThat(given.isAdmin("the-admins-key")).isTrue();
        assertThat(given.tenantFor("the-admins-key")).isEmpty();
        assertThatThrownBy(() -> DemoSettings.from(new String[0], Map.of("AGENT_MEMORY_KEYS", "alice=key-for-alice",
                "AGENT_MEMORY_ADMIN_KEY", "key-for-alice"))).hasMessageContaining("also the key of tenant 'alice'");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--data", dir.toString()},
                Map.of("AGENT_MEMORY_ADMIN_KEY", "short"))).hasMessageContaining("shorter than 8");
    }

    @Test
    void bad_flags_say_what_is_wrong() {
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--port", "http"}, Map.of())).hasMessageContaining("not a number");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--port", "70000"}, Map.of())).hasMessageContaining("65535");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--nope", "x"}, Map.of())).hasMessageContaining("unknown flag --nope");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--store"}, Map.of())).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--store-property", "x"}, Map.of())).hasMessageContaining("name=value");
        assertThat(DemoSettings.usage()).contains("--store", "--keys", "AGENT_MEMORY_KEYS");
    }
}
