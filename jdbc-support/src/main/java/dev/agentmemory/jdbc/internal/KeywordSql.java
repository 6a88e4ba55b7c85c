package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.jdbc.KeywordMatchSql;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.KeywordHit;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Immutable and thread-safe: the keyword search query: the dialect's full-text matches of the
 * tenant, joined with the memories they belong to and kept when the memory is in one of the
 * namespaces, live and matches the filter (the {@link FilterCompiler}'s SQL, as every other
 * read), best score first, limited after all of that.
 */
final class KeywordSql {
    private final SqlDialect dialect;
    private final FilterCompiler filters;

    KeywordSql(SqlDialect dialect) {
        this.dialect = dialect;
        this.filters = new FilterCompiler(dialect);
    }

    List<KeywordHit> search(Handle h, String tenant, List<String> namespaces, List<String> words, Filter filter,
            int limit, long nowMicros) {
        KeywordMatchSql matches = dialect.keywordMatches(tenant, namespaces, words);
        StringBuilder sql = new StringBuilder("SELECT m.id, k.score FROM (").append(matches.sql())
                .append(") k JOIN memories m ON m.tenant = ? AND m.id = k.id WHERE m.namespace IN (");
        List<Object> args = new ArrayList<>(matches.args());
        args.add(tenant);
        for (int i = 0; i < namespaces.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
            args.add(namespaces.get(i));
        }
        sql.append(") AND ").append(MemoryReads.LIVE);
        args.add(nowMicros);
        if (filter != null) {
            SqlFragment f = filters.compile(filter);
            sql.append(" AND (").append(f.sql()).append(')');
            args.addAll(f.args());
        }
        sql.append(" ORDER BY k.score DESC, m.id LIMIT ?");
        args.add(limit);
        var query = h.createQuery(sql.toString());
        Binder.bind(query, 0, args);
        return query.map((rs, ctx) -> new KeywordHit(MemoryId.parse(rs.getString(1).trim()), rs.getDouble(2))).list();
    }
}
