package dev.agentmemory.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.sqlite.internal.ConnectionInspector.ConnectionSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every pooled connection has the driver settings, also after the pool replaced it. */
class PragmaTest {
    @TempDir
    Path dir;

    @Test
    void everyConnectionOfBothPoolsHasTheSettingsAlsoAfterRecycling() throws Exception {
        StoreConfig config = StoreConfig.builder("sqlite:" + dir.resolve("p.db")).property("readers", "3").build();
        SqliteStorage storage = open(config);
        try {
            List<ConnectionSettings> before = inspectAll(storage);
            assertThat(before).hasSize(4);
            before.forEach(PragmaTest::assertDefaults);

            storage.writerPool().getHikariPoolMXBean().softEvictConnections();
            storage.readerPool().getHikariPoolMXBean().softEvictConnections();
            List<ConnectionSettings> after = inspectAll(storage);
            after.forEach(PragmaTest::assertDefaults);
            Set<Integer> oldIds = new HashSet<>();
            before.forEach(c -> oldIds.add(c.physicalId()));
            assertThat(after).as("the pools opened new physical connections")
                    .noneMatch(c -> oldIds.contains(c.physicalId()));
        } finally {
            storage.engine().close();
        }
    }

    private static List<ConnectionSettings> inspectAll(SqliteStorage storage) throws Exception {
        List<ConnectionSettings> all = new java.util.ArrayList<>(ConnectionInspector.inspect(storage.writerPool(), 1));
        all.addAll(ConnectionInspector.inspect(storage.readerPool(), 3));
        return all;
    }

    private static void assertDefaults(ConnectionSettings c) {
        assertThat(c.journalMode()).isEqualTo("wal");
        assertThat(c.synchronous()).as("NORMAL").isEqualTo(1);
        assertThat(c.busyTimeout()).isEqualTo(10_000);
        assertThat(c.foreignKeys()).isTrue();
    }

    @ParameterizedTest(name = "synchronous={0}, busyTimeoutMillis={2}")
    @CsvSource({"OFF, 0, 0", "normal, 1, 250", "FULL, 2, 5000", "EXTRA, 3, 60000"})
    void settingsAreConfigurable(String synchronous, int expected, int busy) throws Exception {
        StoreConfig config = StoreConfig.builder("sqlite:" + dir.resolve("s.db")).property("synchronous", synchronous)
                .property("busyTimeoutMillis", String.valueOf(busy)).property("readers", "2").build();
        SqliteStorage storage = open(config);
        try {
            storage.readerPool().getHikariPoolMXBean().softEvictConnections();
            for (ConnectionSettings c : inspectAll2(storage)) {
                assertThat(c.synchronous()).isEqualTo(expected);
                assertThat(c.busyTimeout()).isEqualTo(busy);
                assertThat(c.journalMode()).isEqualTo("wal");
            }
        } finally {
            storage.engine().close();
        }
    }

    private static List<ConnectionSettings> inspectAll2(SqliteStorage storage) throws Exception {
        List<ConnectionSettings> all = new java.util.ArrayList<>(ConnectionInspector.inspect(storage.writerPool(), 1));
        all.addAll(ConnectionInspector.inspect(storage.readerPool(), 2));
        return all;
    }

    private static SqliteStorage open(StoreConfig config) {
        return SqliteStorage.open(SqliteLocation.parse(config.uri()).orElseThrow(), config);
    }
}
