package dev.agentmemory.tck.support;

import dev.agentmemory.Embedder;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe: share one instance. A deterministic test embedder: each lower-cased word adds
 * one to a component chosen by its hash, so texts sharing words score higher than texts that
 * share none. Counts its calls, and fails on texts containing {@link #POISON}.
 */
public final class WordHashEmbedder implements Embedder {
    /** Texts containing this fail to embed, to test how the store reports embedder failures. */
    public static final String POISON = "[unembeddable]";

    private final int dimension;
    private final AtomicLong texts = new AtomicLong();

    /** An embedder of {@code dimension} components. */
    public WordHashEmbedder(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public String name() {
        return "word-hash-" + dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        if (text.contains(POISON)) {
            throw new IllegalArgumentException("cannot embed a poisoned text");
        }
        texts.incrementAndGet();
        float[] v = new float[dimension];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                v[Math.floorMod(word.hashCode(), dimension)] += 1;
            }
        }
        v[dimension - 1] += 0.01f; // never the zero vector
        return v;
    }

    /** How many texts were embedded. */
    public long embedded() {
        return texts.get();
    }
}
