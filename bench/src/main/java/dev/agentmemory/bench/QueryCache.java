package dev.agentmemory.bench;

import dev.agentmemory.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe: an embedder that remembers the vectors of search texts, so that the benchmark's
 * six rankings of one question pay for its query embedding once and their search times compare
 * the searches. Passages (memories) go straight to the model.
 */
final class QueryCache implements Embedder {
    private final Embedder model;
    private final Map<String, float[]> queries = new ConcurrentHashMap<>();

    QueryCache(Embedder model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return model.embedAll(texts);
    }

    @Override
    public List<float[]> embedQueries(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(queries.computeIfAbsent(t, k -> model.embedQueries(List.of(k)).get(0)).clone());
        }
        return out;
    }

    /** Embeds the texts now, once each; returns the milliseconds per text it took. */
    double warm(List<String> texts) {
        List<String> fresh = texts.stream().distinct().filter(t -> !queries.containsKey(t)).toList();
        long t0 = System.nanoTime();
        List<float[]> vectors = model.embedQueries(fresh);
        double ms = (System.nanoTime() - t0) / 1e6 / Math.max(1, fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            queries.put(fresh.get(i), vectors.get(i));
        }
        return ms;
    }
}
