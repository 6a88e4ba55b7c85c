package dev.agentmemory.jdbc.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Immutable and thread-safe: brings a database's schema to the latest version.
 *
 * <p>Our own small migrator rather than Flyway: the migrations are one Java list rendered per
 * dialect (not three copies of every script), and they run inside the caller's write
 * transaction, so when several processes open a new database at once exactly one creates the
 * schema: the others wait for the write lock, then re-read the version inside the
 * transaction and find nothing to do.
 */
final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+)");

    private final SqlDialect dialect;
    private final String describe;
    private final List<Migration> migrations;

    Migrator(SqlDialect dialect, String describe) {
        this(dialect, describe, Migrations.ALL);
    }

    Migrator(SqlDialect dialect, String describe, List<Migration> migrations) {
        this.dialect = dialect;
        this.describe = describe;
        this.migrations = List.copyOf(migrations);
    }

    /**
     * Applies the missing migrations; must run inside a write transaction.
     *
     * @return the number of migrations applied
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if the database was
     *     written by a newer version of this library
     */
    int migrate(Handle handle, long nowMicros) {
        repair(handle);
        handle.execute("CREATE TABLE IF NOT EXISTS schema_version (version " + dialect.intType()
                + " NOT NULL PRIMARY KEY, description " + dialect.varcharType(200) + " NOT NULL, applied_at "
                + dialect.bigintType() + " NOT NULL)");
        Set<Integer> done = new HashSet<>(handle.createQuery("SELECT version FROM schema_version")
                .mapTo(Integer.class).list());
        int current = done.stream().mapToInt(Integer::intValue).max().orElse(0);
        int latest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        if (current > latest) {
            throw new MemoryStoreException(ErrorCode.INVALID_CONFIG, "[" + describe + "] the database schema is at"
                    + " version " + current + ", newer than this library supports (" + latest + "); upgrade"
                    + " agent-memory or open another database");
        }
        int applied = 0;
        // Every migration not recorded yet, in order: versions need not be consecutive, and one
        // numbered below a version already applied (developed beside it) is still applied.
        for (Migration m : migrations) {
            if (done.contains(m.version())) {
                continue;
            }
            for (String statement : m.statements().apply(dialect)) {
                handle.execute(statement);
            }
            m.after().accept(handle, dialect);
            handle.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                    m.version(), m.description(), nowMicros);
            applied++;
        }
        for (String statement : dialect.supportsKeywordSearch() ? dialect.keywordIndexOnOpen() : List.<String>of()) {
            handle.execute(statement);
        }
        return applied;
    }

    /** Runs the dialect's repairs of a DDL statement a killed process left half-done. */
    private void repair(Handle handle) {
        Set<String> present = new TreeSet<>();
        try {
            Connection c = handle.getConnection();
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    present.add(rs.getString("TABLE_NAME"));
                }
            }
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
        List<String> repairs = dialect.schemaRepairs(present, tables());
        for (String statement : repairs) {
            LOG.warn("[{}] repairing a schema change a stopped process left half-done: {}", describe, statement);
            handle.execute(statement);
        }
    }

    /** The tables the migrations create, lower case, read from their statements. */
    private Set<String> tables() {
        Set<String> tables = new TreeSet<>(Set.of("schema_version"));
        for (Migration m : migrations) {
            for (String statement : m.statements().apply(dialect)) {
                Matcher create = CREATE_TABLE.matcher(statement);
                if (create.lookingAt()) {
                    tables.add(create.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return tables;
    }

    static int currentVersion(Handle handle) {
        return handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version").mapTo(Integer.class).one();
    }
}
