package dev.agentmemory.bench;

import java.util.Locale;
import java.util.Set;

/**
 * Static helpers: an importance rating of a turn from its text alone, 1 to 10, standing in for
 * the LLM rating of generative agents (which asks a model how poignant a memory is). It counts
 * what a personal fact tends to carry: names and other capitalised words after the first,
 * numbers, first-person possessives, and length. It never sees the labels.
 */
final class Importance {
    /** The metadata key the rating is stored under. */
    static final String KEY = "importance";

    private static final Set<String> POSSESSIVE = Set.of("my", "our", "i'm", "i've", "we're");

    private Importance() {}

    static long rate(String text) {
        String[] words = text.split("\\s+");
        double score = 1 + words.length / 6.0;
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (i > 0 && !w.isEmpty() && Character.isUpperCase(w.charAt(0)) && !w.equals("I")) {
                score += 1.5;
            }
            if (w.chars().anyMatch(Character::isDigit)) {
                score += 1;
            }
            if (POSSESSIVE.contains(w.toLowerCase(Locale.ROOT))) {
                score += 0.5;
            }
        }
        return Math.max(1, Math.min(10, Math.round(score)));
    }
}
