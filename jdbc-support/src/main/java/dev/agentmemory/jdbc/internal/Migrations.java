package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;
import java.util.List;

/**
 * Thread-safe: constants only. The schema, as an ordered list of migrations.
 *
 * <p>Ready for Citus (tables distributed by tenant): every table has the tenant column, and
 * every primary key, unique constraint and foreign key includes it. Never edit a released
 * migration; append a new one.
 */
final class Migrations {
    /** Identifiers (tenant, namespace, metadata key) are at most 64 characters. */
    private static final int IDENTIFIER = 64;
    /** Memory ids are canonical UUID text. */
    private static final int ID = 36;

    static final List<Migration> ALL = List.of(
            new Migration(1, "namespaces, memories, metadata, tombstones", Migrations::v1));

    private Migrations() {}

    /** The highest version this library knows. */
    static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }

    private static List<String> v1(SqlDialect d) {
        String ident = d.varcharType(IDENTIFIER);
        String id = d.charType(ID);
        String bigint = d.bigintType();
        return List.of(
                "CREATE TABLE namespaces ("
                        + "tenant " + ident + " NOT NULL, "
                        + "namespace " + ident + " NOT NULL, "
                        + "seq " + bigint + " NOT NULL DEFAULT 0, "
                        + "dimension " + d.intType() + ", "
                        + "created_at " + bigint + " NOT NULL, "
                        + "PRIMARY KEY (tenant, namespace))",
                "CREATE TABLE memories ("
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
                "CREATE INDEX memories_by_namespace_id ON memories (tenant, namespace, id)",
                "CREATE INDEX memories_by_namespace_seq ON memories (tenant, namespace, seq)",
                "CREATE TABLE memory_metadata ("
                        + "tenant " + ident + " NOT NULL, "
                        + "memory_id " + id + " NOT NULL, "
                        + "meta_key " + ident + " NOT NULL, "
                        + "kind " + d.charType(1) + " NOT NULL, "
                        + "str_value " + d.textType() + ", "
                        + "num_value " + d.doubleType() + ", "
                        + "long_value " + bigint + ", "
                        + "PRIMARY KEY (tenant, memory_id, meta_key), "
                        + "FOREIGN KEY (tenant, memory_id) REFERENCES memories (tenant, id) ON DELETE CASCADE)",
                "CREATE INDEX memory_metadata_by_key_str ON memory_metadata (tenant, meta_key, str_value)",
                "CREATE INDEX memory_metadata_by_key_num ON memory_metadata (tenant, meta_key, num_value)",
                "CREATE TABLE tombstones ("
                        + "tenant " + ident + " NOT NULL, "
                        + "namespace " + ident + " NOT NULL, "
                        + "id " + id + " NOT NULL, "
                        + "seq " + bigint + " NOT NULL, "
                        + "deleted_at " + bigint + " NOT NULL, "
                        + "PRIMARY KEY (tenant, id))",
                "CREATE INDEX tombstones_by_namespace_seq ON tombstones (tenant, namespace, seq)");
    }
}
