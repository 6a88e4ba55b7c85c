package dev.agentmemory.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StorageException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcEngine;
import dev.agentmemory.jdbc.JdbcProvider;
import dev.agentmemory.spi.StorageEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend's opening shares, on real SQLite files: a set-up that fails halfway
 * leaves no pool open and runs each close action once, and the provider template parses a URI
 * once and refuses another backend's.
 */
class EngineOpeningTest {
    @TempDir
    Path dir;

    @Test
    void abandoning_closes_the_pools_set_so_far_runs_the_close_actions_once_and_translates_the_failure() {
        Path file = dir.resolve("half.db");
        AtomicInteger released = new AtomicInteger();
        JdbcEngine.Builder builder = JdbcEngine.builder("sqlite:" + file, TestSqliteDialect.INSTANCE)
                .onClose(released::incrementAndGet);
        HikariDataSource writer = TestDb.pool(file, "half-writer", 1, 1000, 1000);
        builder.writer(writer);

        RuntimeException thrown = builder.abandon(new SQLException("disk I/O error", null, 10));
        assertThat(thrown).isInstanceOf(StorageException.class)
                .hasMessageStartingWith("[sqlite:" + file + "] database failure: disk I/O error")
                .hasMessageContaining("retrying will not help");
        assertThat(((StorageException) thrown).kind()).isEqualTo(StorageException.FailureKind.PERMANENT);
        assertThat(writer.isClosed()).isTrue();
        assertThat(released).hasValue(1);

        MemoryStoreException invalid = new MemoryStoreException(ErrorCode.INVALID_CONFIG, "readers is 'x'");
        assertThat(builder.abandon(invalid)).as("a message for the caller passes unchanged").isSameAs(invalid);
        assertThat(released).as("nothing is released twice").hasValue(1);
    }

    @Test
    void background_tasks_stop_while_the_pools_are_still_open_and_the_close_actions_run_after_them() {
        Path file = dir.resolve("order.db");
        HikariDataSource writer = TestDb.pool(file, "order-writer", 1, 1000, 1000);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        JdbcEngine engine = JdbcEngine.builder("sqlite:" + file, TestSqliteDialect.INSTANCE).writer(writer)
                .beforeClose(() -> seen.add("before, pool closed: " + writer.isClosed()))
                .onClose(() -> seen.add("after, pool closed: " + writer.isClosed()))
                .build();

        engine.close();
        engine.close();
        assertThat(seen).containsExactly("before, pool closed: false", "after, pool closed: true");
    }

    @Test
    void a_build_that_fails_cleans_up_itself_and_a_later_abandon_releases_nothing_again() throws Exception {
        Path file = dir.resolve("newer.db");
        try (Connection c = TestDb.raw(file, 1000); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
            st.execute("INSERT INTO schema_version VALUES (999, 'from the future', 0)");
        }
        AtomicInteger released = new AtomicInteger();
        HikariDataSource writer = TestDb.pool(file, "newer-writer", 1, 1000, 1000);
        JdbcEngine.Builder builder = JdbcEngine.builder("sqlite:" + file, TestSqliteDialect.INSTANCE).writer(writer)
                .onClose(released::incrementAndGet);

        assertThatThrownBy(builder::build).isInstanceOf(MemoryStoreException.class)
                .hasMessageContaining("the database schema is at version 999");
        assertThat(writer.isClosed()).isTrue();
        assertThat(released).hasValue(1);
        builder.abandon(new SQLException("after the fact"));
        assertThat(released).hasValue(1);
    }

    @Test
    void the_provider_template_parses_once_refuses_other_uris_with_its_forms_and_passes_a_bad_uris_reason() {
        AtomicInteger parses = new AtomicInteger();
        JdbcProvider.Parser<String> parser = uri -> {
            parses.incrementAndGet();
            if (uri == null || !uri.startsWith("test:")) {
                return Optional.empty();
            }
            if (uri.length() == "test:".length()) {
                throw new MemoryStoreException(ErrorCode.INVALID_CONFIG, "cannot open '" + uri + "': the name is empty");
            }
            return Optional.of(uri.substring("test:".length()));
        };
        JdbcProvider<String> provider = new JdbcProvider<>("test", "test:test-backend", List.of("test:name"),
                TestSqliteDialect.INSTANCE, parser, (name, config) -> TestDb.engine(dir.resolve(name + ".db"))) {};

        assertThat(provider.accepts("test:a")).isTrue();
        assertThat(provider.accepts("test:")).as("malformed").isFalse();
        assertThat(provider.accepts("other:a")).isFalse();
        assertThatThrownBy(() -> provider.open(StoreConfig.builder("other:a").build()))
                .isInstanceOf(MemoryStoreException.class)
                .hasMessage("the SQLite (test) backend cannot open 'other:a'; use one of [test:name]");
        assertThatThrownBy(() -> provider.open(StoreConfig.builder("test:").build()))
                .hasMessage("cannot open 'test:': the name is empty");

        parses.set(0);
        try (StorageEngine engine = provider.open(StoreConfig.builder("test:opened").build())) {
            assertThat(engine.describe()).endsWith("opened.db");
        }
        assertThat(parses).as("the URI is parsed once per open").hasValue(1);
        assertThat(Files.exists(dir.resolve("opened.db"))).isTrue();
        assertThat(provider).hasToString("[test:name]");
    }
}
