package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.jdbc.KeywordMatchSql;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.KeywordQuery;
import dev.agentmemory.spi.StoredMemory;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Immutable and thread-safe: the portable keyword index, for a database whose own full-text
 * search cannot rank or filter in SQL (H2's {@code FT_SEARCH} scores every hit 1.0 and applies
 * its limit before any tenant or filter condition). An inverted index in an ordinary table,
 * {@code memory_terms}: one row per memory and distinct word (cut by core's
 * {@link KeywordQuery#tokens}) with the word's count and the memory's length, written by
 * explicit statements in the transaction of every insert, update and delete of a memory, and
 * ranked by Okapi BM25 in one SQL query.
 *
 * <p>The collection statistics are those of the searched namespaces of the tenant: the number
 * of memories (expired ones until they are purged), each word's document frequency, and for
 * the average length the mean length of the memories that hold a query word (an approximation
 * that needs no statistics table, and so no row every writer would update).
 */
public final class TermIndex {
    /** Words are stored and matched on at most this many characters. */
    static final int TERM_CHARS = 64;
    private static final String INSERT = "INSERT INTO memory_terms (tenant, memory_id, namespace, term, tf, doc_len)"
            + " VALUES (?, ?, ?, ?, ?, ?)";

    private TermIndex() {}

    /** Migration 3 for a database that keeps the portable index. */
    public static List<String> schema(SqlDialect d) {
        return List.of("CREATE TABLE IF NOT EXISTS memory_terms ("
                        + "tenant " + d.varcharType(64) + " NOT NULL, "
                        + "memory_id " + d.charType(36) + " NOT NULL, "
                        + "namespace " + d.varcharType(64) + " NOT NULL, "
                        + "term " + d.varcharType(TERM_CHARS) + " NOT NULL, "
                        + "tf " + d.intType() + " NOT NULL, "
                        + "doc_len " + d.intType() + " NOT NULL, "
                        + "PRIMARY KEY (tenant, memory_id, term))",
                "CREATE INDEX IF NOT EXISTS memory_terms_by_term ON memory_terms (tenant, namespace, term)");
    }

    /**
     * The BM25 query of the portable index (k1 = 1.2, b = 0.75). Every word is a bound
     * parameter compared for equality: there is no syntax to parse.
     */
    public static KeywordMatchSql matches(String tenant, List<String> namespaces, List<String> words) {
        List<String> terms = new ArrayList<>();
        for (String w : KeywordQuery.of(String.join(" ", words)).folded()) {
            terms.add(term(w));
        }
        String scope = "tenant = ? AND namespace IN (" + marks(namespaces.size()) + ")";
        String termIn = " AND term IN (" + marks(terms.size()) + ")";
        String sql = "SELECT t.memory_id AS id, SUM(LN(1 + (s.n - df.df + 0.5) / (df.df + 0.5)) * t.tf * 2.2"
                + " / (t.tf + 1.2 * (0.25 + 0.75 * t.doc_len / s.avgdl))) AS score"
                + " FROM memory_terms t"
                + " JOIN (SELECT term, COUNT(*) AS df FROM memory_terms WHERE " + scope + termIn
                + " GROUP BY term) df ON df.term = t.term"
                + " CROSS JOIN (SELECT CAST((SELECT COUNT(*) FROM memories WHERE " + scope + ") AS DOUBLE PRECISION)"
                + " AS n, (SELECT COALESCE(AVG(CAST(doc_len AS DOUBLE PRECISION)), 1.0) FROM memory_terms WHERE "
                + scope + termIn + ") AS avgdl) s"
                + " WHERE t." + scope.replace("namespace", "t.namespace") + termIn.replace("term", "t.term")
                + " GROUP BY t.memory_id";
        List<Object> args = new ArrayList<>();
        for (int part = 0; part < 4; part++) {
            args.add(tenant);
            args.addAll(namespaces);
            if (part != 1) {
                args.addAll(terms);
            }
        }
        return new KeywordMatchSql(sql, args);
    }

    /** Writes the term rows of new memories, one batch. */
    static void insert(Handle h, List<StoredMemory> rows) {
        List<Doc> docs = new ArrayList<>(rows.size());
        for (StoredMemory row : rows) {
            Memory m = row.memory();
            docs.add(new Doc(m.tenant(), m.id().toString(), m.namespace(), m.content()));
        }
        insertDocs(h, docs);
    }

    /** Replaces the term rows of a memory whose content changed. */
    static void replace(Handle h, Memory m) {
        h.createUpdate("DELETE FROM memory_terms WHERE tenant = ? AND memory_id = ?").bind(0, m.tenant())
                .bind(1, m.id().toString()).execute();
        insertDocs(h, List.of(new Doc(m.tenant(), m.id().toString(), m.namespace(), m.content())));
    }

    /** Deletes the term rows of memories of a namespace. */
    static void delete(Handle h, String tenant, String namespace, List<MemoryId> ids) {
        var batch = h.prepareBatch("DELETE FROM memory_terms WHERE tenant = ? AND memory_id = ? AND namespace = ?");
        for (MemoryId id : ids) {
            batch.bind(0, tenant).bind(1, id.toString()).bind(2, namespace).add();
        }
        batch.execute();
    }

    /** Builds the term rows of the memories already stored (migration 3), in pages in key order. */
    static void backfill(Handle h, SqlDialect dialect) {
        String tenant = "";
        String id = "";
        while (true) {
            // Memories that have term rows already are skipped: a migration left half-done by a
            // killed process (H2 commits DDL statement by statement) runs again.
            List<Doc> page = h.createQuery("SELECT tenant, id, namespace, content FROM memories m WHERE (tenant > ?"
                            + " OR (tenant = ? AND id > ?)) AND NOT EXISTS (SELECT 1 FROM memory_terms t WHERE"
                            + " t.tenant = m.tenant AND t.memory_id = m.id) ORDER BY tenant, id LIMIT 500")
                    .bind(0, tenant).bind(1, tenant).bind(2, id)
                    .map((rs, ctx) -> new Doc(rs.getString(1), rs.getString(2).trim(), rs.getString(3),
                            dialect.decodeText(rs.getString(4))))
                    .list();
            if (page.isEmpty()) {
                return;
            }
            insertDocs(h, page);
            tenant = page.get(page.size() - 1).tenant();
            id = page.get(page.size() - 1).id();
        }
    }

    private static void insertDocs(Handle h, List<Doc> docs) {
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT)) {
            int batched = 0;
            for (Doc d : docs) {
                List<String> tokens = KeywordQuery.tokens(d.content());
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (String t : tokens) {
                    counts.merge(term(t), 1, Integer::sum);
                }
                for (Map.Entry<String, Integer> e : counts.entrySet()) {
                    ps.setString(1, d.tenant());
                    ps.setString(2, d.id());
                    ps.setString(3, d.namespace());
                    ps.setString(4, e.getKey());
                    ps.setInt(5, e.getValue());
                    ps.setInt(6, tokens.size());
                    ps.addBatch();
                    batched++;
                }
            }
            if (batched > 0) {
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /** A memory's text and keys, as the index needs them. */
    private record Doc(String tenant, String id, String namespace, String content) {}

    private static String term(String word) {
        return word.length() <= TERM_CHARS ? word : word.substring(0, TERM_CHARS);
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
