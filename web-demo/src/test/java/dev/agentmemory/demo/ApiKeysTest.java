package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    @Test
    void parsed_keys_map_to_their_tenants_and_nothing_else() {
        ApiKeys keys = ApiKeys.parse(" alice = key-for-alice , bob=key-for-bob,");
        assertThat(keys.tenantFor("key-for-alice")).contains("alice");
        assertThat(keys.tenantFor("key-for-bob")).contains("bob");
        assertThat(keys.tenantFor("key-for-carol")).isEmpty();
        assertThat(keys.tenantFor("")).isEmpty();
        assertThat(keys.tenantFor(null)).isEmpty();
        assertThat(keys.isDev()).isFalse();
        assertThat(keys.devKey()).isEmpty();
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void bad_entries_are_refused_with_a_reason() {
        assertThatThrownBy(() -> ApiKeys.parse("alice")).hasMessageContaining("tenant=key");
        assertThatThrownBy(() -> ApiKeys.parse("alice=short")).hasMessageContaining("shorter than 8");
        assertThatThrownBy(() -> ApiKeys.parse("bad tenant=long-enough-key")).hasMessageContaining("must match");
        assertThatThrownBy(() -> ApiKeys.parse("a=same-key-123,b=same-key-123")).hasMessageContaining("same key");
        assertThatThrownBy(() -> ApiKeys.parse(" , ")).hasMessageContaining("no API key");
    }

    @Test
    void a_properties_file_is_read(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.properties");
        Files.writeString(file, "# tenants\nalice=key-for-alice\nbob = key-for-bob\n");
        ApiKeys keys = ApiKeys.load(file);
        assertThat(keys.tenantFor("key-for-bob")).contains("bob");
    }

    @Test
    void dev_mode_makes_one_random_key_for_the_dev_tenant() {
        ApiKeys a = ApiKeys.dev();
        ApiKeys b = ApiKeys.dev();
        assertThat(a.isDev()).isTrue();
        assertThat(a.devKey().orElseThrow()).startsWith("dev-").hasSizeGreaterThan(20).isNotEqualTo(b.devKey().orElseThrow());
        assertThat(a.tenantFor(a.devKey().orElseThrow())).contains(ApiKeys.DEV_TENANT);
    }
}
