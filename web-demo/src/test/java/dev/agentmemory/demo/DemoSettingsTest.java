package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSettingsTest {

    @Test
    void defaults_are_loopback_port_7070_sqlite_under_data_and_dev_mode() throws Exception {
        DemoSettings s = DemoSettings.from(new String[0], Map.of());
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
    void bad_flags_say_what_is_wrong() {
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--port", "http"}, Map.of())).hasMessageContaining("not a number");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--port", "70000"}, Map.of())).hasMessageContaining("65535");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--nope", "x"}, Map.of())).hasMessageContaining("unknown flag --nope");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--store"}, Map.of())).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DemoSettings.from(new String[] {"--store-property", "x"}, Map.of())).hasMessageContaining("name=value");
        assertThat(DemoSettings.usage()).contains("--store", "--keys", "AGENT_MEMORY_KEYS");
    }
}
