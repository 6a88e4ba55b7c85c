package dev.agentmemory.spi;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Immutable and thread-safe: the words of a keyword search, cut from the user's text by core,
 * so that no backend ever parses that text as full-text syntax.
 *
 * <p>A word is a maximal run of Unicode letters and digits; everything else (quotes,
 * {@code *}, {@code :}, {@code ^}, parentheses, hyphens, emoji) separates words and is
 * dropped. Words are lower-cased ({@link Locale#ROOT}) and repeated words count once; their
 * diacritics are kept, for the backend's tokenizer to fold or not as it does for stored text
 * (an engine that keeps its own term index folds both sides with {@link #tokens} and
 * {@link #folded()}). Operator words such as {@code AND},
 * {@code OR}, {@code NOT} and {@code NEAR} are ordinary words. A backend must match each word
 * as a plain term (quoted, or bound as a parameter to a function that does not parse syntax)
 * and rank a memory higher the more of the words it holds.
 *
 * <p>Scripts written without spaces (Chinese, Japanese) give one word per unbroken run, so
 * such a text is found only by a query that holds the same whole run; see
 * {@code docs/FEATURES.md}.
 */
public final class KeywordQuery {
    /** The most words a query keeps; the rest are dropped (a keyword query is a question, not a document). */
    public static final int MAX_TERMS = 64;

    private final List<String> terms;

    private KeywordQuery(List<String> terms) {
        this.terms = terms;
    }

    /**
     * The words of {@code text}; the list is empty when the text has none (empty, or only
     * punctuation, symbols and emoji).
     *
     * @throws NullPointerException if {@code text} is null
     */
    public static KeywordQuery of(String text) {
        return new KeywordQuery(List.copyOf(words(text, MAX_TERMS, true, false)));
    }

    /**
     * The words of a stored text with repeats, in order, lower-cased and stripped of
     * diacritics, for an engine that keeps its own term index; match them with
     * {@link #folded()}.
     */
    public static List<String> tokens(String text) {
        return words(text, Integer.MAX_VALUE, false, true);
    }

    /** The distinct words stripped of diacritics, as {@link #tokens} cuts stored text. */
    public List<String> folded() {
        return words(String.join(" ", terms), MAX_TERMS, true, true);
    }

    private static List<String> words(String text, int max, boolean distinct, boolean fold) {
        // NFD splits a letter from its diacritics, which are then dropped when folding; without
        // folding the word is recomposed (NFC) so that it reads as the user wrote it.
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD);
        List<String> out = new ArrayList<>();
        Set<String> seen = distinct ? new LinkedHashSet<>() : null;
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i <= folded.length() && out.size() < max) {
            int cp = i < folded.length() ? folded.codePointAt(i) : -1;
            if (cp >= 0 && Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else if (cp >= 0 && Character.getType(cp) == Character.NON_SPACING_MARK) {
                if (!fold && word.length() > 0) {
                    word.appendCodePoint(cp);
                }
            } else if (word.length() > 0) {
                String w = Normalizer.normalize(word.toString().toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
                if (seen == null || seen.add(w)) {
                    out.add(w);
                }
                word.setLength(0);
            }
            i += cp >= 0 ? Character.charCount(cp) : 1;
        }
        return out;
    }

    /** The distinct words, in first-seen order; empty when the text had none. */
    public List<String> terms() {
        return terms;
    }

    /** True when the text had no word at all. */
    public boolean isEmpty() {
        return terms.isEmpty();
    }

    @Override
    public String toString() {
        return "KeywordQuery" + terms;
    }
}
