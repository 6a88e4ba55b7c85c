package dev.agentmemory.internal;

import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Search;
import dev.agentmemory.SearchMode;
import dev.agentmemory.spi.KeywordHit;
import dev.agentmemory.spi.KeywordQuery;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StoredMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thread-safe: share one instance per store. Runs a resolved search in its mode: the vector
 * side through the {@link SearchPath} (the in-process indexes), the keyword side through the
 * backend's full-text engine, and for a hybrid search both, fused by {@link RankFusion}.
 *
 * <p>The order of a hybrid search: candidates from each side (each under the same filter,
 * tenant, namespaces, expiry and neighbourhood), fusion into one ranked candidate list, the
 * cut to {@code topK}; the search's ranking steps ({@link RankStage}) run around all of it,
 * over the fused candidates, whatever the mode.
 */
final class HybridSearch {
    private final SearchPath vectors;
    private final StorageEngine engine;

    HybridSearch(SearchPath vectors, StorageEngine engine) {
        this.vectors = vectors;
        this.engine = engine;
    }

    /**
     * The top-k of a resolved, validated search over distinct, valid namespaces.
     *
     * @param writeEpoch this store's count of finished writes, for a bounded-staleness search
     */
    List<Match> search(String tenant, List<String> namespaces, Search search, long nowMicros, long writeEpoch) {
        return RankStage.ranked(search, nowMicros, wide -> fused(tenant, namespaces, wide, nowMicros, writeEpoch));
    }

    /**
     * Each namespace's own top-k (its search in the same mode, ranked on its own), merged by
     * score (ties by id); the namespaces are searched in parallel.
     */
    List<Match> searchEach(String tenant, Map<String, Integer> topKPerNamespace, Search search, long nowMicros,
            long writeEpoch) {
        return vectors.merged(List.copyOf(topKPerNamespace.keySet()), ns -> search(tenant, List.of(ns),
                search.topK(topKPerNamespace.get(ns)), nowMicros, writeEpoch));
    }

    /** The top-k of the search's mode before the ranking steps: one side, or both fused. */
    private List<Match> fused(String tenant, List<String> namespaces, Search search, long nowMicros,
            long writeEpoch) {
        SearchMode mode = search.mode();
        if (mode == SearchMode.KEYWORD) {
            List<Match> keyword = keywordSide(tenant, namespaces, search, search.topK());
            return RankFusion.keywordOnly(keyword.stream().filter(m -> m.score() >= search.minScore()).toList());
        }
        if (mode != SearchMode.HYBRID) {
            return RankFusion.vectorOnly(vectors.search(tenant, namespaces, search, nowMicros, writeEpoch));
        }
        int depth = search.candidates();
        List<Match> vector = vectors.search(tenant, namespaces, search.topK(depth), nowMicros, writeEpoch);
        List<Match> keyword = keywordSide(tenant, namespaces, search, depth);
        List<Match> fused = RankFusion.fuse(search.fusion(), vector, keyword);
        return fused.size() > search.topK() ? List.copyOf(fused.subList(0, search.topK())) : fused;
    }

    /** The keyword candidates with their memories, best first, from one snapshot. */
    private List<Match> keywordSide(String tenant, List<String> namespaces, Search search, int limit) {
        KeywordQuery query = KeywordQuery.of(search.text().orElseThrow());
        Set<MemoryId> among = vectors.among(tenant, search);
        // A neighbourhood is applied after the backend's limit, so ask for more when there is one.
        int fetch = among == null ? limit : 4 * limit;
        return engine.read(s -> {
            List<KeywordHit> hits = s.keywordSearch(tenant, namespaces, query, search.filter().orElse(null), fetch);
            if (among != null) {
                hits = hits.stream().filter(h -> among.contains(h.id())).toList();
            }
            if (hits.isEmpty()) {
                return List.of();
            }
            Map<MemoryId, Memory> byId = new HashMap<>();
            for (StoredMemory row : s.find(tenant, null, hits.stream().map(KeywordHit::id).toList())) {
                byId.put(row.memory().id(), row.memory());
            }
            List<Match> out = new ArrayList<>(Math.min(hits.size(), limit));
            for (KeywordHit h : hits) {
                Memory m = byId.get(h.id());
                if (m != null && out.size() < limit) {
                    out.add(new Match(m, h.score()));
                }
            }
            return out;
        });
    }
}
