package dev.agentmemory.rank;

import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.Metric;
import dev.agentmemory.Ranking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Confined to the test thread: builds candidate matches for the ranking tests. */
final class Candidates {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final List<Match> matches = new ArrayList<>();

    static Ranking.Context context(int topK) {
        return new Ranking.Context("a question", null, Metric.COSINE, topK, NOW);
    }

    Candidates add(String content, double score, float[] vector, Instant created, Instant updated, Metadata meta) {
        matches.add(new Match(new Memory(MemoryId.generate(), "t", "ns", content, vector, meta, created, updated, 1),
                score));
        return this;
    }

    Candidates add(String content, double score, float... vector) {
        return add(content, score, vector, NOW, NOW, Metadata.empty());
    }

    Candidates added(String content, double score, Instant created) {
        return add(content, score, new float[] {1, 0}, created, created, Metadata.empty());
    }

    Candidates rated(String content, double score, Metadata meta) {
        return add(content, score, new float[] {1, 0}, NOW, NOW, meta);
    }

    List<Match> list() {
        return List.copyOf(matches);
    }

    static List<String> contents(List<Match> ranked) {
        return ranked.stream().map(m -> m.memory().content()).toList();
    }

    static double score(List<Match> ranked, String content) {
        return ranked.stream().filter(m -> m.memory().content().equals(content)).findFirst().orElseThrow().score();
    }
}
