package dev.agentmemory.h2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URL settings on every pooled connection, and the life of named in-memory databases. */
class H2StorageTest {
    private static final float[] V = {1f, 0f, 0f};

    @TempDir
    Path dir;

    @Test
    void everyPooledConnectionIsDurableWithTheLockTimeoutOnTheAsyncFileSystem() throws SQLException {
        H2Storage storage = open(StoreConfig.builder("h2:" + dir.resolve("s"))
                .property("lockTimeoutMillis", "1234").build());
        try {
            assertThat(storage.url()).startsWith("jdbc:h2:async:" + dir.resolve("s").toAbsolutePath())
                    .doesNotContain("AUTO_SERVER");
            for (HikariDataSource pool : List.of(storage.writerPool(), storage.readerPool())) {
                // Evict every connection once, so the replacements the pool opens are checked too.
                pool.getHikariPoolMXBean().softEvictConnections();
                for (String[] setting : settings(pool, 4)) {
                    assertThat(setting).as(pool.getPoolName()).containsExactly("0", "1234");
                }
            }
        } finally {
            storage.engine().close();
        }
    }

    @Test
    void relaxedDurabilitySetsTheWriteDelay() throws SQLException {
        H2Storage storage = open(StoreConfig.builder("h2:" + dir.resolve("r"))
                .property("durability", "relaxed").property("writeDelayMillis", "250").build());
        try {
            assertThat(settings(storage.writerPool(), 4)).allSatisfy(s -> assertThat(s[0]).isEqualTo("250"));
        } finally {
            storage.engine().close();
        }
    }

    @Test
    void storesOnOneMemoryNameShareItUntilTheLastCloses() {
        String uri = "h2:mem:shared-" + System.nanoTime();
        String name = uri.substring("h2:mem:".length());
        MemoryStore a = MemoryStores.open(uri);
        MemoryStore b = MemoryStores.open(uri);
        Namespace inA = a.namespace("t", "n");
        MemoryId id = inA.put(MemoryDraft.of("shared").embedding(V));
        assertThat(b.namespace("t", "n").get(id)).as("b sees a's write").isPresent();
        assertThat(MemoryDatabases.openCount(name)).isEqualTo(2);

        a.close();
        assertThat(b.namespace("t", "n").get(id)).as("the database outlives the first store to close").isPresent();
        b.namespace("t", "n").put(MemoryDraft.of("still writable").embedding(V));
        b.close();
        assertThat(MemoryDatabases.openCount(name)).isZero();

        try (MemoryStore c = MemoryStores.open(uri)) {
            assertThat(c.namespace("t", "n").count()).as("dropped when the last store closed").isZero();
        }
    }

    @Test
    void aMemoryDatabaseSurvivesItsPoolConnectionsBeingReplaced() throws SQLException {
        H2Storage storage = open(StoreConfig.builder("h2:mem:evict-" + System.nanoTime()).build());
        try {
            storage.engine().write(s -> {
                s.ensureNamespace("t", "n");
                return null;
            });
            // Retire every connection: with H2's default DB_CLOSE_DELAY the database would be
            // dropped the moment the last one closed.
            storage.writerPool().getHikariPoolMXBean().softEvictConnections();
            storage.readerPool().getHikariPoolMXBean().softEvictConnections();
            settings(storage.writerPool(), 4);
            assertThat(count(storage.readerPool(), "SELECT COUNT(*) FROM namespaces")).isEqualTo(1);
        } finally {
            storage.engine().close();
        }
    }

    /** {WRITE_DELAY, LOCK_TIMEOUT} of {@code count} distinct connections borrowed at once. */
    private static List<String[]> settings(HikariDataSource pool, int count) throws SQLException {
        List<Connection> borrowed = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                borrowed.add(pool.getConnection());
            }
            List<String[]> out = new ArrayList<>();
            for (Connection c : borrowed) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT (SELECT LISTAGG(DISTINCT"
                        + " SETTING_VALUE) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'), LOCK_TIMEOUT()")) {
                    rs.next();
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return out;
        } finally {
            for (Connection c : borrowed) {
                c.close();
            }
        }
    }

    private static long count(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static H2Storage open(StoreConfig config) {
        return H2Storage.open(H2Location.parse(config.uri()).orElseThrow(), config);
    }
}
