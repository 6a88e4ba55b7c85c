package dev.agentmemory.examples;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Immutable and thread-safe: a toy text embedder for the quick start, so it runs with no model
 * and no network: each word (and each pair of neighbouring words) is hashed into one of
 * {@link #DIMENSIONS} buckets. Texts that share words get similar vectors; it knows nothing of
 * meaning. Real applications plug in a sentence-embedding model.
 */
public final class HashingEmbedder {
    /** The vector size. */
    public static final int DIMENSIONS = 256;

    /** Embeds a text. */
    public float[] embed(String text) {
        float[] v = new float[DIMENSIONS];
        String previous = null;
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() < 3) {
                continue; // skip "a", "on", "is": they carry no topic
            }
            add(v, word, 1f);
            if (previous != null) {
                add(v, previous + ' ' + word, 0.5f);
            }
            previous = word;
        }
        return v;
    }

    private static void add(float[] v, String token, float weight) {
        int h = 0x811c9dc5;
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x01000193; // FNV-1a
        }
        v[Math.floorMod(h, DIMENSIONS)] += weight;
    }
}
