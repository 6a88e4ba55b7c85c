package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.jdbc.KeywordMatchSql;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.KeywordHit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Immutable and thread-safe: the keyword search query, in two steps per round. First the
 * dialect's full-text matches of the tenant, best score first, up to a candidate count; then,
 * of those candidates, the memories that are in one of the namespaces, live and match the
 * filter (the {@link FilterCompiler}'s SQL, as every other read). When fewer than the limit
 * pass and there were more matches, the next round asks for four times as many candidates, up
 * to all of them, so the filter still applies before the limit.
 *
 * <p>Why not one join: the full-text engines rank their matches cheaply, but checking a
 * memory row costs a row read (on SQLite the expiry column sits after the embedding, on its
 * overflow pages). A common word matches thousands of memories; the first round reads the
 * rows of a few dozen.
 */
final class KeywordSql {
    /** Candidates of the first round per hit asked for. */
    private static final int FIRST_ROUND_FACTOR = 3;
    private static final int MIN_CANDIDATES = 32;

    private final SqlDialect dialect;
    private final FilterCompiler filters;
    private final int chunk;

    KeywordSql(SqlDialect dialect) {
        this.dialect = dialect;
        this.filters = new FilterCompiler(dialect);
        this.chunk = Math.max(1, Math.min(500, dialect.maxBindParameters() / 2));
    }

    List<KeywordHit> search(Handle h, String tenant, List<String> namespaces, List<String> words, Filter filter,
            int limit, long nowMicros) {
        KeywordMatchSql matches = dialect.keywordMatches(tenant, namespaces, words);
        long candidates = Math.max(MIN_CANDIDATES, (long) FIRST_ROUND_FACTOR * limit);
        while (true) {
            int asked = (int) Math.min(Integer.MAX_VALUE, candidates);
            List<KeywordHit> ranked = ranked(h, matches, asked);
            Set<String> passing = passing(h, tenant, namespaces, ranked, filter, nowMicros);
            List<KeywordHit> out = new ArrayList<>(Math.min(limit, ranked.size()));
            for (KeywordHit hit : ranked) {
                if (passing.contains(hit.id().toString()) && out.size() < limit) {
                    out.add(hit);
                }
            }
            if (out.size() >= limit || ranked.size() < asked) {
                return out;
            }
            candidates *= 4;
        }
    }

    private static List<KeywordHit> ranked(Handle h, KeywordMatchSql matches, int limit) {
        var query = h.createQuery("SELECT k.id, k.score FROM (" + matches.sql() + ") k ORDER BY k.score DESC, k.id"
                + " LIMIT ?");
        int next = Binder.bind(query, 0, matches.args());
        query.bind(next, limit);
        return query.map((rs, ctx) -> new KeywordHit(MemoryId.parse(rs.getString(1).trim()), rs.getDouble(2))).list();
    }

    /** The ids among {@code ranked} whose memory is in the namespaces, live and matches the filter. */
    private Set<String> passing(Handle h, String tenant, List<String> namespaces, List<KeywordHit> ranked,
            Filter filter, long nowMicros) {
        Set<String> out = new HashSet<>();
        SqlFragment f = filter == null ? null : filters.compile(filter);
        for (int from = 0; from < ranked.size(); from += chunk) {
            List<KeywordHit> part = ranked.subList(from, Math.min(ranked.size(), from + chunk));
            StringBuilder sql = new StringBuilder("SELECT m.id FROM memories m WHERE m.tenant = ? AND m.id IN (");
            List<Object> args = new ArrayList<>();
            args.add(tenant);
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                args.add(part.get(i).id().toString());
            }
            sql.append(") AND m.namespace IN (");
            for (int i = 0; i < namespaces.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                args.add(namespaces.get(i));
            }
            sql.append(") AND ").append(MemoryReads.LIVE);
            args.add(nowMicros);
            if (f != null) {
                sql.append(" AND (").append(f.sql()).append(')');
                args.addAll(f.args());
            }
            var query = h.createQuery(sql.toString());
            Binder.bind(query, 0, args);
            out.addAll(query.map((rs, ctx) -> rs.getString(1).trim()).list());
        }
        return out;
    }
}
