package dev.agentmemory.reference;

import dev.agentmemory.Memory;
import dev.agentmemory.spi.KeywordHit;
import dev.agentmemory.spi.KeywordQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thread-safe: static methods only. Okapi BM25 (k1 = 1.2, b = 0.75) over the memories a keyword
 * search may return, tokenized by {@link KeywordQuery#tokens} at query time: the reference
 * engine scans where a database keeps an inverted index, so what it ranks is easy to check by
 * hand. The collection statistics (document count, document frequencies, average length) are
 * those of the candidates given: the live memories of the searched namespaces.
 */
final class Bm25 {
    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private static final Comparator<KeywordHit> BEST_FIRST = Comparator.comparingDouble(KeywordHit::score).reversed()
            .thenComparing(KeywordHit::id);

    private Bm25() {}

    /**
     * The candidates that hold a query word and pass {@code accept}, best first, at most
     * {@code limit}. Statistics count every candidate, filtered or not, as a database's do.
     */
    static List<KeywordHit> rank(List<Memory> candidates, KeywordQuery query, java.util.function.Predicate<Memory>
            accept, int limit) {
        Set<String> words = Set.copyOf(query.folded());
        List<Map<String, Integer>> counts = new ArrayList<>(candidates.size());
        int[] lengths = new int[candidates.size()];
        Map<String, Integer> documentFrequency = new HashMap<>();
        long totalLength = 0;
        for (int i = 0; i < candidates.size(); i++) {
            List<String> tokens = KeywordQuery.tokens(candidates.get(i).content());
            lengths[i] = tokens.size();
            totalLength += tokens.size();
            Map<String, Integer> tf = new HashMap<>();
            for (String t : tokens) {
                if (words.contains(t)) {
                    tf.merge(t, 1, Integer::sum);
                }
            }
            tf.keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
            counts.add(tf);
        }
        int n = candidates.size();
        double averageLength = n == 0 ? 1 : Math.max(1.0, (double) totalLength / n);
        List<KeywordHit> hits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Integer> tf = counts.get(i);
            if (tf.isEmpty() || !accept.test(candidates.get(i))) {
                continue;
            }
            double score = 0;
            for (Map.Entry<String, Integer> e : tf.entrySet()) {
                int df = documentFrequency.get(e.getKey());
                double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
                double f = e.getValue();
                score += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * lengths[i] / averageLength));
            }
            hits.add(new KeywordHit(candidates.get(i).id(), score));
        }
        hits.sort(BEST_FIRST);
        return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
    }
}
