package dev.agentmemory.bench;

import dev.agentmemory.Match;
import dev.agentmemory.rank.Reranker;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Thread-safe (stateless): a stand-in for a cross-encoder behind the {@link Reranker} plug, so
 * the benchmark exercises the reranking path with something real: the similarity score plus
 * 0.05 for each content word of the query (stop words dropped, a crude plural strip) that the
 * memory also holds. It is not a model; a cross-encoder is expected to do much better.
 */
final class WordOverlapReranker implements Reranker {
    private static final Set<String> STOP = Set.of("a", "an", "the", "i", "my", "me", "do", "did", "is", "am", "are",
            "what", "which", "who", "whose", "where", "when", "how", "of", "to", "at", "in", "on", "for", "s", "be",
            "have", "has", "now", "these", "days", "we", "our", "it", "this", "that", "and", "or", "going");

    @Override
    public String name() {
        return "query-word-overlap";
    }

    @Override
    public double[] scores(String query, List<Match> candidates) {
        Set<String> q = words(query);
        double[] out = new double[candidates.size()];
        for (int i = 0; i < out.length; i++) {
            Set<String> m = words(candidates.get(i).memory().content());
            m.retainAll(q);
            out[i] = candidates.get(i).score() + 0.05 * m.size();
        }
        return out;
    }

    private static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() > 1 && !STOP.contains(w)) {
                out.add(w.length() > 3 && w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
            }
        }
        return out;
    }
}
