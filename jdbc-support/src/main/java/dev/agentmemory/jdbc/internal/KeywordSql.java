package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.jdbc.KeywordMatchSql;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.KeywordHit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Immutable and thread-safe: the keyword search query, in two steps per round. First the
 * dialect's full-text matches of the tenant, best score first, up to a candidate count; then,
 * of those candidates, the memories that are in one of the namespaces, live and match the
 * filter (the {@link FilterCompiler}'s SQL, as every other read). When fewer than the limit
 * pass and there were more matches, the next round asks for four times as many candidates, up
 * to all of them, so the filter still applies before the limit.
 *
 * <p>Words that most memories hold are left out of the first query when the dialect can tell
 * which they are ({@link SqlDialect#keywordWordCounts}): their weight is next to nothing, and
 * matching them makes the engine score most of the table. A dialect whose query comes ordered
 * ({@link KeywordMatchSql#ordered()}) is read only as far as needed.
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

    /** Best score first, ties by id text: the order of the sorted query. */
    private static final Comparator<KeywordHit> BEST_FIRST = Comparator.comparingDouble(KeywordHit::score).reversed()
            .thenComparing(hit -> hit.id().toString());

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
        List<String> weighty = withoutCommonWords(h, words, limit);
        if (weighty.size() < words.size()) {
            // The common words' weight is next to nothing: a memory that holds only them ranks
            // below every memory holding another word, so they change the top only when the
            // other words find too few.
            List<KeywordHit> out = rounds(h, tenant, namespaces, weighty, filter, limit, nowMicros);
            if (out.size() >= limit) {
                return out;
            }
        }
        return rounds(h, tenant, namespaces, words, filter, limit, nowMicros);
    }

    /**
     * The words minus those at least half of the indexed memories hold; all of them when every
     * word is common, none is, or the others are in too few memories to fill {@code limit} (one
     * full query then, rather than a short one and the full one after it).
     */
    private List<String> withoutCommonWords(Handle h, List<String> words, int limit) {
        Optional<KeywordMatchSql> sql = words.size() < 2 ? Optional.empty() : dialect.keywordWordCounts(words);
        if (sql.isEmpty()) {
            return words;
        }
        var query = h.createQuery(sql.get().sql());
        Binder.bind(query, 0, sql.get().args());
        Map<String, long[]> counts = new HashMap<>();
        query.map((rs, ctx) -> counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)})).list();
        List<String> rest = new ArrayList<>();
        long restDocuments = 0;
        for (String w : words) {
            long[] c = counts.get(w);
            if (c == null || 2 * c[0] < c[1]) {
                rest.add(w);
                restDocuments += c == null ? 0 : c[0];
            }
        }
        return rest.isEmpty() || restDocuments < limit ? words : rest;
    }

    private List<KeywordHit> rounds(Handle h, String tenant, List<String> namespaces, List<String> words,
            Filter filter, int limit, long nowMicros) {
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
        if (matches.ordered()) {
            return firstOfOrdered(h, matches, limit);
        }
        var query = h.createQuery("SELECT k.id, k.score FROM (" + matches.sql() + ") k ORDER BY k.score DESC, k.id"
                + " LIMIT ?");
        int next = Binder.bind(query, 0, matches.args());
        query.bind(next, limit);
        return query.map(KeywordSql::hit).list();
    }

    /**
     * The first {@code limit} rows of a query that returns its rows best first, ties ordered by
     * id as the sorted query orders them: rows are read past the limit while they tie with the
     * last one kept (the engine orders ties its own way), then sorted and cut.
     */
    private static List<KeywordHit> firstOfOrdered(Handle h, KeywordMatchSql matches, int limit) {
        var query = h.createQuery(matches.sql());
        Binder.bind(query, 0, matches.args());
        List<KeywordHit> out = new ArrayList<>();
        try (ResultIterator<KeywordHit> rows = query.map(KeywordSql::hit).iterator()) {
            while (rows.hasNext()) {
                KeywordHit hit = rows.next();
                if (out.size() >= limit && hit.score() != out.get(out.size() - 1).score()) {
                    break;
                }
                out.add(hit);
            }
        }
        out.sort(BEST_FIRST);
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    private static KeywordHit hit(ResultSet rs, StatementContext ctx) throws SQLException {
        return new KeywordHit(MemoryId.parse(rs.getString(1).trim()), rs.getDouble(2));
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
