package dev.agentmemory.demo;

import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.Message;
import dev.agentmemory.StoreStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread-safe: stateless. What the API returns, as JSON-ready maps: never the embedding (1.5 KB
 * of floats the page has no use for) and never the tenant (the caller knows it is its own).
 */
final class Views {
    private Views() {}

    static Map<String, Object> memory(Memory m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id().toString());
        out.put("namespace", m.namespace());
        out.put("text", m.content());
        out.put("metadata", new TreeMap<>(m.metadata().asMap()));
        out.put("createdAt", m.createdAt().toString());
        out.put("updatedAt", m.updatedAt().toString());
        out.put("version", m.version());
        return out;
    }

    static Map<String, Object> match(Match match) {
        Map<String, Object> out = memory(match.memory());
        out.put("score", round(match.score()));
        out.put("explanation", explanation(match.explanation()));
        return out;
    }

    /**
     * How a match came about: {@code mode} (the mode the search ran in), {@code vectorScore} and
     * {@code vectorRank}, {@code keywordScore} and {@code keywordRank} (null on a side the match
     * was not found on, or that the search did not run; ranks from 1), and {@code fusedScore},
     * the score the matches are ordered by.
     */
    static Map<String, Object> explanation(Match.Explanation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", e.mode().name().toLowerCase(Locale.ROOT));
        out.put("vectorScore", e.vectorScore().isPresent() ? round(e.vectorScore().getAsDouble()) : null);
        out.put("vectorRank", e.vectorRank().isPresent() ? e.vectorRank().getAsInt() : null);
        out.put("keywordScore", e.keywordScore().isPresent() ? round(e.keywordScore().getAsDouble()) : null);
        out.put("keywordRank", e.keywordRank().isPresent() ? e.keywordRank().getAsInt() : null);
        out.put("fusedScore", round(e.fusedScore()));
        return out;
    }

    /** Four decimals: enough to order by, and what a person reads. */
    private static double round(double score) {
        return Math.round(score * 10_000) / 10_000.0;
    }

    /** Matches grouped by namespace, every asked namespace present (empty when nothing matched), in the asked order. */
    static List<Map<String, Object>> grouped(List<String> namespaces, List<Match> matches) {
        Map<String, List<Map<String, Object>>> byNamespace = new LinkedHashMap<>();
        namespaces.forEach(ns -> byNamespace.put(ns, new ArrayList<>()));
        for (Match m : matches) {
            byNamespace.computeIfAbsent(m.memory().namespace(), ns -> new ArrayList<>()).add(match(m));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        byNamespace.forEach((ns, list) -> out.add(Map.of("namespace", ns, "matches", list)));
        return out;
    }

    static Map<String, Object> message(Message m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", m.seq());
        out.put("id", m.id().toString());
        out.put("role", m.role());
        out.put("text", m.text());
        out.put("createdAt", m.createdAt().toString());
        return out;
    }

    /**
     * {@code sqlite} for {@code sqlite:/srv/data/m.db}: the kind of backend, without the file path
     * or host, which are the server's business.
     */
    static String backendKind(String description) {
        int colon = description.indexOf(':');
        return colon > 0 ? description.substring(0, colon) : description;
    }

    static Map<String, Object> stats(StoreStats s, HttpCounters http) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", backendKind(s.backend()));
        List<Map<String, Object>> pools = new ArrayList<>();
        for (StoreStats.PoolStats p : s.pools()) {
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("name", p.name());
            pool.put("total", p.total());
            pool.put("active", p.active());
            pool.put("idle", p.idle());
            pool.put("waiting", p.waiting());
            pools.add(pool);
        }
        out.put("pools", pools);
        Map<String, Object> ops = new TreeMap<>();
        s.operations().forEach((name, o) -> {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("calls", o.calls());
            op.put("failures", o.failures());
            op.put("retries", o.retries());
            op.put("meanMicros", o.meanMicros());
            op.put("maxMicros", o.maxMicros());
            ops.put(name, op);
        });
        out.put("operations", ops);
        out.put("indexedNamespaces", s.indexedNamespaces());
        out.put("indexedVectors", s.indexedVectors());
        out.put("http", http.snapshot());
        return out;
    }
}
