package dev.agentmemory.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.postgres.internal.PostgresLocation;
import dev.agentmemory.postgres.internal.PostgresSettings;
import dev.agentmemory.spi.StorageProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** URI forms, discovery, properties and secrecy of the password; needs no server. */
class PostgresProviderTest {
    private final PostgresProvider provider = new PostgresProvider();

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(PostgresProvider.class);
        assertThat(provider.name()).isEqualTo("postgres");
        assertThat(provider.artifact()).isEqualTo("dev.agentmemory:agent-memory-backend-postgres");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://localhost:5432/db", "postgres://db.example/app", "postgresql://u:p@h/db",
        "jdbc:postgresql://h:6432/db?sslmode=require", "jdbc:postgresql://h1:5432,h2:5433/db", "POSTGRESQL://h/db"})
    void accepts(String uri) {
        assertThat(provider.accepts(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sqlite:m.db", "h2:mem:x", "jdbc:h2:mem:x", "postgresql://h:notaport/db",
        "postgresql://h:5432/", "mysql://h/db"})
    void rejects(String uri) {
        assertThat(provider.accepts(uri)).isFalse();
    }

    @Test
    void describeNamesHostPortAndDatabaseButNeverCredentialsOrParameters() {
        PostgresLocation l = PostgresLocation.parse("postgresql://alice:s3cr%40t@db.example:6432/mem?password=x&sslmode=require")
                .orElseThrow();
        assertThat(l.describe()).isEqualTo("postgresql://db.example:6432/mem");
        assertThat(l.user()).isEqualTo("alice");
        assertThat(l.password()).isEqualTo("s3cr@t");
        assertThat(l.jdbcUrl()).doesNotContain("alice").doesNotContain("s3cr");
        assertThat(l.toString()).doesNotContain("s3cr");
        assertThat(PostgresLocation.parse("jdbc:postgresql://h1,h2:5433/db").orElseThrow().describe())
                .isEqualTo("postgresql://h1:5432,h2:5433/db");
        assertThat(PostgresLocation.redact("postgresql://alice:s3cr@h/db?password=x2&a=b"))
                .isEqualTo("postgresql://alice:***@h/db?password=***&a=b");
    }

    @Test
    void propertiesOverrideTheUriAndThePasswordNeverShows() {
        PostgresLocation l = PostgresLocation.parse("postgresql://alice:old@h/db").orElseThrow();
        PostgresSettings s = PostgresSettings.from("d", Map.of("user", "bob", "password", "hunter2"), l);
        assertThat(s.user()).isEqualTo("bob");
        assertThat(s.toString()).doesNotContain("hunter2").contains("***");
        PostgresSettings defaults = PostgresSettings.from("d", Map.of(), l);
        assertThat(defaults.poolSize()).isEqualTo(10);
        assertThat(defaults.keepaliveTimeMillis()).isLessThan(defaults.maxLifetimeMillis());
        assertThat(defaults.validationTimeoutMillis()).isLessThan(defaults.connectionTimeoutMillis());
        assertThat(defaults.socketTimeoutSeconds()).isPositive();
        assertThat(defaults.tcpKeepAlive()).isTrue();
    }

    @Test
    void badPropertiesAreInvalidConfigAndOpenNothing() {
        // Port 1 has no server: reaching a connection attempt would fail differently.
        String uri = "postgresql://localhost:1/db";
        for (String[] p : new String[][] {{"schema", "Bad-Name"}, {"schema", "x; DROP TABLE y"}, {"poolSize", "1"},
            {"poolSize", "many"}, {"minIdle", "11"}, {"connectionTimeoutMillis", "10"},
            {"validationTimeoutMillis", "10000"}, {"keepaliveTimeMillis", "1000"}, {"maxLifetimeMillis", "1000"},
            {"keepaliveTimeMillis", "600000"}, {"idleTimeoutMillis", "5"}, {"socketTimeoutSeconds", "-1"},
            {"connectTimeoutSeconds", "0"}, {"tcpKeepAlive", "yes"}, {"pasword", "x"}}) {
            assertThatThrownBy(() -> provider.open(StoreConfig.builder(uri).property(p[0], p[1]).build()))
                    .as(p[0] + "=" + p[1])
                    .isInstanceOf(MemoryStoreException.class)
                    .satisfies(e -> assertThat(((MemoryStoreException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                    .hasMessageContaining(p[0]);
        }
    }

    @Test
    void anUnreachableServerIsATypedTransientFailureWithoutThePassword() {
        assertThatThrownBy(() -> provider.open(StoreConfig.builder("postgresql://u:topsecret@localhost:1/db")
                .property("connectTimeoutSeconds", "1").build()))
                .isInstanceOf(dev.agentmemory.StorageException.class)
                .satisfies(e -> assertThat(((dev.agentmemory.StorageException) e).isTransient()).isTrue())
                .hasMessageStartingWith("[postgresql://localhost:1/db]")
                .hasMessageNotContaining("topsecret");
    }
}
