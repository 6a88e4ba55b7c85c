package dev.agentmemory.internal;

import dev.agentmemory.Link;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.Neighbour;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Neighbourhood.Direction;
import dev.agentmemory.spi.ReadSession;
import dev.agentmemory.spi.WriteSession;
import dev.agentmemory.spi.StoredMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thread-safe: share one instance. Links and the walk over them, run inside a storage
 * transaction. Every lookup is keyed by the tenant, so a memory of another tenant is never
 * found: it can be neither linked nor reached.
 */
final class LinkOperations {
    private final StoreOperations ops;

    LinkOperations(StoreOperations ops) {
        this.ops = ops;
    }

    /**
     * Links {@code from} (a live memory of the namespace) to {@code to} (a live memory of the
     * tenant).
     *
     * @param namespace the namespace {@code from} must be in, or null for any of the tenant's
     * @throws MemoryNotFoundException if either end is not found
     */
    Link link(WriteSession s, String tenant, String namespace, MemoryId from, MemoryId to, String type,
            double weight) {
        StoreOperations.find(s, tenant, namespace, from);
        StoreOperations.find(s, tenant, null, to);
        Link link = new Link(from, to, type, weight, ops.now());
        s.link(tenant, link);
        return link;
    }

    /**
     * A breadth-first walk from the center over links of the neighbourhood's types and
     * direction, at most its depth and limit; memories that are gone or expired are skipped.
     *
     * @throws MemoryNotFoundException if the center is not a live memory of the namespace
     */
    List<Neighbour> neighbours(ReadSession s, String tenant, String namespace, Neighbourhood n) {
        StoreOperations.find(s, tenant, namespace, n.center());
        Map<MemoryId, Reached> reached = walk(s, tenant, n);
        Map<MemoryId, Memory> live = new HashMap<>();
        for (StoredMemory row : s.find(tenant, null, reached.keySet())) {
            live.put(row.memory().id(), row.memory());
        }
        List<Neighbour> out = new ArrayList<>(live.size());
        for (Map.Entry<MemoryId, Reached> e : reached.entrySet()) {
            Memory m = live.get(e.getKey());
            if (m != null) {
                out.add(new Neighbour(m, e.getValue().depth(), e.getValue().via()));
            }
        }
        return out;
    }

    /** The ids of the neighbourhood, for a search restricted to it. */
    Set<MemoryId> neighbourIds(ReadSession s, String tenant, Neighbourhood n) {
        return walk(s, tenant, n).keySet();
    }

    private record Reached(int depth, Link via) {}

    private static Map<MemoryId, Reached> walk(ReadSession s, String tenant, Neighbourhood n) {
        Map<MemoryId, Reached> reached = new LinkedHashMap<>();
        Set<MemoryId> frontier = new LinkedHashSet<>(List.of(n.center()));
        for (int depth = 1; depth <= n.depth() && !frontier.isEmpty() && reached.size() < n.limit(); depth++) {
            Set<MemoryId> next = new LinkedHashSet<>();
            for (Link link : s.links(tenant, frontier, n.types(), n.direction())) {
                for (MemoryId id : ends(link, frontier, n.direction())) {
                    if (!id.equals(n.center()) && !reached.containsKey(id) && reached.size() < n.limit()) {
                        reached.put(id, new Reached(depth, link));
                        next.add(id);
                    }
                }
            }
            frontier = next;
        }
        return reached;
    }

    /** The ends of {@code link} that the walk reaches from {@code frontier}. */
    private static List<MemoryId> ends(Link link, Set<MemoryId> frontier, Direction direction) {
        List<MemoryId> out = new ArrayList<>(2);
        if (direction != Direction.INCOMING && frontier.contains(link.from())) {
            out.add(link.to());
        }
        if (direction != Direction.OUTGOING && frontier.contains(link.to())) {
            out.add(link.from());
        }
        return out;
    }
}
