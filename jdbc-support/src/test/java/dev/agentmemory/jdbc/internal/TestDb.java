package dev.agentmemory.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcEngine;
import dev.agentmemory.spi.StoredMemory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Test helpers: real SQLite databases for the engine. */
final class TestDb {
    private TestDb() {}

    static HikariDataSource pool(Path file, String name, int size, int busyTimeoutMillis, long connectionTimeoutMillis) {
        return pool(file, name, size, busyTimeoutMillis, connectionTimeoutMillis, sc -> { });
    }

    static HikariDataSource pool(Path file, String name, int size, int busyTimeoutMillis, long connectionTimeoutMillis,
            Consumer<SQLiteConfig> tweak) {
        SQLiteConfig sc = new SQLiteConfig();
        tweak.accept(sc);
        sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sc.setBusyTimeout(busyTimeoutMillis);
        sc.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(sc);
        ds.setUrl("jdbc:sqlite:" + file);
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setPoolName(name);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(size);
        hc.setConnectionTimeout(connectionTimeoutMillis);
        return new HikariDataSource(hc);
    }

    /** An engine with a one-connection writer and a two-connection reader pool. */
    static JdbcEngine engine(Path file) {
        return engine(file, 10_000, 30_000);
    }

    static JdbcEngine engine(Path file, int busyTimeoutMillis, long connectionTimeoutMillis) {
        return engine(file, busyTimeoutMillis, connectionTimeoutMillis, sc -> { });
    }

    /** An engine whose writer connection gets extra driver settings. */
    static JdbcEngine engine(Path file, int busyTimeoutMillis, long connectionTimeoutMillis,
            Consumer<SQLiteConfig> writerTweak) {
        return JdbcEngine.builder("sqlite:" + file, TestSqliteDialect.INSTANCE)
                .writer(pool(file, "test-writer", 1, busyTimeoutMillis, connectionTimeoutMillis, writerTweak))
                .reader(pool(file, "test-reader", 2, busyTimeoutMillis, connectionTimeoutMillis))
                .config(StoreConfig.builder("sqlite:" + file).build())
                .build();
    }

    /** A raw connection outside any pool, for provoking and observing locks. */
    static Connection raw(Path file, int busyTimeoutMillis) throws SQLException {
        SQLiteConfig sc = new SQLiteConfig();
        sc.setBusyTimeout(busyTimeoutMillis);
        return DriverManager.getConnection("jdbc:sqlite:" + file, sc.toProperties());
    }

    static Instant micros(long micros) {
        return Micros.toInstant(micros);
    }

    static StoredMemory memory(String tenant, String namespace, String content, Map<String, ?> metadata,
            long createdMicros, long updatedMicros, long seq) {
        return new StoredMemory(new Memory(MemoryId.generate(), tenant, namespace, content,
                new float[] {1f, 0.5f, -2f}, Metadata.of(metadata), micros(createdMicros), micros(updatedMicros), 1),
                seq);
    }
}
