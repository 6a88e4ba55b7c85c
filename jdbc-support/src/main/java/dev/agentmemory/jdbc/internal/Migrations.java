package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;
import java.util.List;

/**
 * Thread-safe: constants only. The schema, as an ordered list of migrations.
 *
 * <p>Ready for Citus (tables distributed by tenant): every table has the tenant column, and
 * every primary key, unique constraint and foreign key includes it. Never edit a released
 * migration; append a new one.
 *
 * <p>Every statement is idempotent ({@code IF NOT EXISTS}): a database whose DDL commits
 * statement by statement (H2) may be left half-migrated by a killed process, and the next open
 * must be able to finish the migration rather than fail on what is already there.
 */
final class Migrations {
    /** Identifiers (tenant, namespace, metadata key) are at most 64 characters. */
    private static final int IDENTIFIER = 64;
    /** Memory ids are canonical UUID text. */
    private static final int ID = 36;

    static final List<Migration> ALL = List.of(
            new Migration(1, "namespaces, memories, metadata, tombstones", Migrations::v1),
            new Migration(2, "dedup hash, expiry, history, links, conversations", Migrations::v2),
            new Migration(3, "keyword index over memory content", Migrations::v3, Migrations::v3Rows),
            new Migration(4, "namespace incarnation, the reset signal of erasure", Migrations::v4),
            new Migration(5, "keyword index: inserts written per batch, word statistics", Migrations::v5));

    private Migrations() {}

    /**
     * The namespace row's incarnation (see {@code dev.agentmemory.spi.FeedPosition}): erasure
     * changes it, so that search indexes of other store instances drop what they hold and load the
     * namespace again. Rows that exist get 1; rows created from now on a random value.
     */
    private static List<String> v4(SqlDialect d) {
        return List.of(d.addColumn("namespaces", "incarnation", d.bigintType() + " DEFAULT 1 NOT NULL"));
    }

    /** The dialect's changes to the keyword index of migration 3. */
    private static List<String> v5(SqlDialect d) {
        return d.supportsKeywordSearch() ? d.keywordIndexUpgrade() : List.of();
    }

    /** The highest version this library knows. */
    static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }

    private static List<String> v1(SqlDialect d) {
        String ident = d.varcharType(IDENTIFIER);
        String id = d.charType(ID);
        String bigint = d.bigintType();
        return List.of(
                "CREATE TABLE IF NOT EXISTS namespaces ("
                        + "tenant " + ident + " NOT NULL, "
                        + "namespace " + ident + " NOT NULL, "
                        + "seq " + bigint + " NOT NULL DEFAULT 0, "
                        + "dimension " + d.intType() + ", "
                        + "created_at " + bigint + " NOT NULL, "
                        + "PRIMARY KEY (tenant, namespace))",
                "CREATE TABLE IF NOT EXISTS memories ("
                        + "tenant " + ident + " NOT NULL, "
                        + "id " + id + " NOT NULL, "
                        + "namespace " + ident + " NOT NULL, "
                        + "content " + d.textType() + " NOT NULL, "
                        + "embedding " + d.blobType() + " NOT NULL, "
                        + "created_at " + bigint + " NOT NULL, "
                        + "updated_at " + bigint + " NOT NULL, "
                        + "version " + bigint + " NOT NULL, "
                        + "seq " + bigint + " NOT NULL, "
                        + "PRIMARY KEY (tenant, id), "
                        + "FOREIGN KEY (tenant, namespace) REFERENCES namespaces (tenant, namespace))",
                "CREATE INDEX IF NOT EXISTS memories_by_namespace_id ON memories (tenant, namespace, id)",
                "CREATE INDEX IF NOT EXISTS memories_by_namespace_seq ON memories (tenant, namespace, seq)",
                "CREATE TABLE IF NOT EXISTS memory_metadata ("
                        + "tenant " + ident + " NOT NULL, "
                        + "memory_id " + id + " NOT NULL, "
                        + "meta_key " + ident + " NOT NULL, "
                        + "kind " + d.charType(1) + " NOT NULL, "
                        + "str_value " + d.textType() + ", "
                        + "num_value " + d.doubleType() + ", "
                        + "long_value " + bigint + ", "
                        + "PRIMARY KEY (tenant, memory_id, meta_key), "
                        + "FOREIGN KEY (tenant, memory_id) REFERENCES memories (tenant, id) ON DELETE CASCADE)",
                "CREATE INDEX IF NOT EXISTS memory_metadata_by_key_str ON memory_metadata (tenant, meta_key, str_value)",
                "CREATE INDEX IF NOT EXISTS memory_metadata_by_key_num ON memory_metadata (tenant, meta_key, num_value)",
                "CREATE TABLE IF NOT EXISTS tombstones ("
                        + "tenant " + ident + " NOT NULL, "
                        + "namespace " + ident + " NOT NULL, "
                        + "id " + id + " NOT NULL, "
                        + "seq " + bigint + " NOT NULL, "
                        + "deleted_at " + bigint + " NOT NULL, "
                        + "PRIMARY KEY (tenant, id))",
                "CREATE INDEX IF NOT EXISTS tombstones_by_namespace_seq ON tombstones (tenant, namespace, seq)");
    }

    /** The keyword index: the dialect's full-text engine, or the portable term table. */
    private static List<String> v3(SqlDialect d) {
        return d.supportsKeywordSearch() ? d.keywordIndexMigration() : List.of();
    }

    /** The portable index's rows for the memories already stored; a database-kept index built itself. */
    private static void v3Rows(org.jdbi.v3.core.Handle h, SqlDialect d) {
        if (d.supportsKeywordSearch() && !d.keywordIndexKeptByDatabase()) {
            TermIndex.backfill(h, d);
        }
    }

    private static List<String> v2(SqlDialect d) {
        String ident = d.varcharType(IDENTIFIER);
        String id = d.charType(ID);
        String bigint = d.bigintType();
        return List.of(
                // SHA-256 of the content, hex; null when the namespace does not deduplicate.
                // Unique constraints treat nulls as distinct on SQLite, H2 and PostgreSQL.
                d.addColumn("memories", "content_hash", d.charType(64)),
                d.addColumn("memories", "expires_at", bigint),
                "CREATE UNIQUE INDEX IF NOT EXISTS memories_by_content_hash ON memories (tenant, namespace, content_hash)",
                "CREATE INDEX IF NOT EXISTS memories_by_expiry ON memories (expires_at)",
                "CREATE TABLE IF NOT EXISTS memory_history ("
                        + "tenant " + ident + " NOT NULL, "
                        + "memory_id " + id + " NOT NULL, "
                        + "namespace " + ident + " NOT NULL, "
                        + "replaced_seq " + bigint + " NOT NULL, "
                        + "version " + bigint + " NOT NULL, "
                        + "content " + d.textType() + " NOT NULL, "
                        + "embedding " + d.blobType() + " NOT NULL, "
                        + "created_at " + bigint + " NOT NULL, "
                        + "updated_at " + bigint + " NOT NULL, "
                        + "expires_at " + bigint + ", "
                        + "change_kind " + d.charType(1) + " NOT NULL, "
                        + "replaced_at " + bigint + " NOT NULL, "
                        + "PRIMARY KEY (tenant, memory_id, namespace, replaced_seq))",
                "CREATE TABLE IF NOT EXISTS memory_history_metadata ("
                        + "tenant " + ident + " NOT NULL, "
                        + "memory_id " + id + " NOT NULL, "
                        + "namespace " + ident + " NOT NULL, "
                        + "replaced_seq " + bigint + " NOT NULL, "
                        + "meta_key " + ident + " NOT NULL, "
                        + "kind " + d.charType(1) + " NOT NULL, "
                        + "str_value " + d.textType() + ", "
                        + "num_value " + d.doubleType() + ", "
                        + "long_value " + bigint + ", "
                        + "PRIMARY KEY (tenant, memory_id, namespace, replaced_seq, meta_key))",
                "CREATE TABLE IF NOT EXISTS memory_links ("
                        + "tenant " + ident + " NOT NULL, "
                        + "from_id " + id + " NOT NULL, "
                        + "link_type " + ident + " NOT NULL, "
                        + "to_id " + id + " NOT NULL, "
                        + "weight " + d.doubleType() + " NOT NULL, "
                        + "created_at " + bigint + " NOT NULL, "
                        + "PRIMARY KEY (tenant, from_id, link_type, to_id))",
                "CREATE INDEX IF NOT EXISTS memory_links_by_target ON memory_links (tenant, to_id, link_type)",
                "CREATE TABLE IF NOT EXISTS conversations ("
                        + "tenant " + ident + " NOT NULL, "
                        + "session_id " + ident + " NOT NULL, "
                        + "seq " + bigint + " NOT NULL, "
                        + "created_at " + bigint + " NOT NULL, "
                        + "PRIMARY KEY (tenant, session_id))",
                "CREATE TABLE IF NOT EXISTS conversation_messages ("
                        + "tenant " + ident + " NOT NULL, "
                        + "session_id " + ident + " NOT NULL, "
                        + "seq " + bigint + " NOT NULL, "
                        + "message_id " + id + " NOT NULL, "
                        + "role " + ident + " NOT NULL, "
                        + "content " + d.textType() + " NOT NULL, "
                        + "created_at " + bigint + " NOT NULL, "
                        + "PRIMARY KEY (tenant, session_id, seq), "
                        + "UNIQUE (tenant, session_id, message_id))");
    }
}
