package dev.agentmemory.postgres.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.jdbc.JdbcEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Thread-safe: share one instance. An open PostgreSQL store: the engine and the pool it owns.
 *
 * <p>Opening holds a session-level advisory lock on a bootstrap connection (outside the pool)
 * while it creates the schema and runs the migrations: PostgreSQL's {@code CREATE ... IF NOT
 * EXISTS} is not safe against a concurrent twin (two app instances starting at once on a new
 * database fail with a unique violation on the catalog), so instances queue on the lock, and
 * the later ones find the schema at the latest version.
 *
 * @param engine the engine to hand to the store
 * @param pool the pool (owned by the engine)
 * @param location where the store lives
 * @param settings its settings
 */
public record PostgresStorage(JdbcEngine engine, HikariDataSource pool, PostgresLocation location,
        PostgresSettings settings) {

    /**
     * Opens the store at {@code location}: the schema if absent, the pool, the tables.
     *
     * @param location where the store lives, parsed from {@code config.uri()}
     * @param config the store's configuration
     * @throws dev.agentmemory.MemoryStoreException with
     *     {@link dev.agentmemory.ErrorCode#INVALID_CONFIG} if a property is invalid
     * @throws dev.agentmemory.StorageException if the database cannot be reached or set up
     */
    public static PostgresStorage open(PostgresLocation location, StoreConfig config) {
        PostgresSettings pre = PostgresSettings.from(location.describe(), config.properties(), location);
        String describe = pre.schema() == null ? location.describe() : location.describe() + "?schema=" + pre.schema();
        PostgresSettings settings = PostgresSettings.from(describe, config.properties(), location);
        JdbcEngine.Builder builder = JdbcEngine.builder(describe,
                PostgresDialect.INSTANCE.withTextSearch(settings.textSearchConfig())).config(config);
        PGSimpleDataSource dataSource = PostgresPools.dataSource(location, settings);
        try (Connection bootstrap = dataSource.getConnection()) {
            lock(bootstrap, settings.schema(), true);
            try {
                if (settings.schema() != null) {
                    createSchema(bootstrap, settings.schema());
                }
                HikariDataSource pool = PostgresPools.pool(dataSource, settings);
                // build() runs the migrations and closes the pool if they fail.
                return new PostgresStorage(builder.writer(pool).build(), pool, location, settings);
            } finally {
                lock(bootstrap, settings.schema(), false);
            }
        } catch (SQLException | RuntimeException e) {
            throw builder.abandon(e);
        }
    }

    private static void lock(Connection c, String schema, boolean take) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(take ? "SELECT pg_advisory_lock(hashtext(?))"
                : "SELECT pg_advisory_unlock(hashtext(?))")) {
            s.setString(1, "agent-memory schema " + (schema == null ? "" : schema));
            s.execute();
        }
    }

    private static void createSchema(Connection c, String schema) throws SQLException {
        // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on the database
        // even when the schema exists, and a store's user may have been given only the schema.
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            exists.setString(1, schema);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement create = c.createStatement()) {
            // The name matched [a-z_][a-z0-9_]* in PostgresSettings, so quoting it is exact.
            create.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
        }
    }
}
