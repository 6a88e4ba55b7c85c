package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Neighbourhood.Direction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Immutable and thread-safe: the statements on {@code memory_links}. Links are stored once, by
 * their source, and indexed by target too, so both directions are one index lookup. Every
 * statement is keyed by tenant.
 */
final class LinkSql {
    private static final String COLUMNS = "from_id, to_id, link_type, weight, created_at";

    private final int chunk;

    LinkSql(int maxBindParameters) {
        // Room for the tenant, the ids twice (BOTH) and a few types.
        this.chunk = Math.max(1, Math.min(250, (maxBindParameters - 70) / 2));
    }

    void link(Handle h, String tenant, Link link) {
        unlink(h, tenant, link.from(), link.type(), link.to());
        h.createUpdate("INSERT INTO memory_links (tenant, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, tenant).bind(1, link.from().toString()).bind(2, link.to().toString()).bind(3, link.type())
                .bind(4, link.weight()).bind(5, Micros.of(link.createdAt())).execute();
    }

    boolean unlink(Handle h, String tenant, MemoryId from, String type, MemoryId to) {
        return h.createUpdate("DELETE FROM memory_links WHERE tenant = ? AND from_id = ? AND link_type = ? AND to_id = ?")
                .bind(0, tenant).bind(1, from.toString()).bind(2, type).bind(3, to.toString()).execute() > 0;
    }

    List<Link> links(Handle h, String tenant, Collection<MemoryId> ids, Set<String> types, Direction direction) {
        List<String> all = ids.stream().map(MemoryId::toString).distinct().toList();
        List<String> typeList = List.copyOf(types);
        List<Link> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += chunk) {
            List<String> part = all.subList(from, Math.min(all.size(), from + chunk));
            String in = placeholders(part.size());
            StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM memory_links WHERE tenant = ?");
            List<Object> args = new ArrayList<>();
            args.add(tenant);
            switch (direction) {
                case OUTGOING -> {
                    sql.append(" AND from_id IN ").append(in);
                    args.addAll(part);
                }
                case INCOMING -> {
                    sql.append(" AND to_id IN ").append(in);
                    args.addAll(part);
                }
                case BOTH -> {
                    sql.append(" AND (from_id IN ").append(in).append(" OR to_id IN ").append(in).append(')');
                    args.addAll(part);
                    args.addAll(part);
                }
            }
            if (!typeList.isEmpty()) {
                sql.append(" AND link_type IN ").append(placeholders(typeList.size()));
                args.addAll(typeList);
            }
            Query q = h.createQuery(sql.append(" ORDER BY created_at, from_id, to_id, link_type").toString());
            Binder.bind(q, 0, args);
            out.addAll(q.map((rs, ctx) -> new Link(MemoryId.parse(rs.getString(1).trim()),
                    MemoryId.parse(rs.getString(2).trim()), rs.getString(3), rs.getDouble(4),
                    Micros.toInstant(rs.getLong(5)))).list());
        }
        return out;
    }

    private static String placeholders(int n) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.append(')').toString();
    }
}
