package dev.agentmemory.reliability.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Confined to the calling thread (it holds a {@link Random}): seeded generators of hostile input
 * for every kind of argument: identifiers, texts, vectors, metadata values, ids, cursors, numbers.
 * Some of what it returns is valid (an injection string is a fine content); the test decides by
 * the store's answer.
 */
public final class BadInputs {
    private static final List<String> IDENTIFIERS = List.of("", " ", "a b", "-lead", ".dot", "a".repeat(65),
            "x'; DROP TABLE memories; --", "%", "_", "a%b", "a_b", "\0", "a\0b", "\ud800", "a\udc00", "\u00e9t\u00e9",
            "a/b", "..", "*", "a;b", "a'b", "a\"b", "a\nb", "\ud83d\ude00", "ok", "t1", "A-b.c_d");
    private static final List<String> TEXTS = List.of("", " ", "\0", "a\0b", "\ud800", "x\udc00y", "\udc00\ud800",
            "'; DROP TABLE memories; --", "\" OR 1=1 --", "%", "_", "%_%", "\\", "\ud83d\ude00 emoji", "\u202e rtl",
            "line\nbreak", "tab\t", "plain text", "NULL", "null");
    private final Random random;
    private final boolean loneSurrogates;

    /**
     * Uses {@code random} for everything.
     *
     * @param loneSurrogates whether texts and values may hold unpaired surrogates (invalid UTF-16)
     */
    public BadInputs(Random random, boolean loneSurrogates) {
        this.random = random;
        this.loneSurrogates = loneSurrogates;
    }

    /** The source of randomness. */
    public Random random() {
        return random;
    }

    /** An identifier: mostly invalid, sometimes valid. */
    public String identifier() {
        return pick(IDENTIFIERS);
    }

    /** A text: hostile characters, empty, or huge (past the content limit). */
    public String text() {
        int r = random.nextInt(12);
        if (r == 0) {
            return "h".repeat(100_001);
        }
        if (r == 1) {
            return "\ud83d\ude00".repeat(50_001);
        }
        String t = r == 2 ? pick(TEXTS) + pick(TEXTS) : pick(TEXTS);
        return loneSurrogates || !hasLoneSurrogate(t) ? t : "no lone surrogate";
    }

    /** True if {@code s} is not valid UTF-16. */
    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
                return true;
            }
            if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** A vector for a namespace of {@code dim} dimensions: NaN, infinite, zero, wrong length, huge, or fine. */
    public float[] vector(int dim) {
        int r = random.nextInt(10);
        float[] v = new float[r == 0 ? 0 : r == 1 ? dim + 1 : r == 2 ? 8_193 : r == 3 ? 1 : dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        if (v.length > 0) {
            switch (r) {
                case 4 -> v[random.nextInt(v.length)] = Float.NaN;
                case 5 -> v[random.nextInt(v.length)] = Float.POSITIVE_INFINITY;
                case 6 -> v[random.nextInt(v.length)] = Float.NEGATIVE_INFINITY;
                case 7 -> java.util.Arrays.fill(v, 0f);
                case 8 -> java.util.Arrays.fill(v, Float.MAX_VALUE);
                default -> { }
            }
        }
        return v;
    }

    /** A metadata value: hostile strings, extreme numbers, unsupported types. */
    public Object value() {
        return switch (random.nextInt(14)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Long.MIN_VALUE;
            case 3 -> Long.MAX_VALUE;
            case 4 -> -0.0;
            case 5 -> Map.of("nested", Map.of("deeper", 1));
            case 6 -> List.of(1, 2, 3);
            case 7 -> new Object();
            case 8 -> "v".repeat(4_097);
            case 9 -> new byte[] {1, 2};
            case 10 -> Double.MIN_VALUE;
            case 11 -> true;
            default -> text().length() > 5_000 ? "long" : text();
        };
    }

    /** A string that should not parse as a memory id. */
    public String idText() {
        return pick(List.of("", "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "'; DROP TABLE memories; --",
                "%", "_", "\0", "\ud800", "0".repeat(1000), "123e4567-e89b-12d3-a456-426614174000x"));
    }

    /** A cursor that is not one of the store's. */
    public String cursor() {
        return pick(List.of("", "garbage", "'; DROP TABLE memories; --", "%", "\0", "\ud800", "eyJpZCI6IjEifQ==",
                "AAAAAAAAAAAAAAAAAAAAAA", "x".repeat(10_000), "-1"));
    }

    /** A number around the edges of a limit. */
    public int count() {
        return pick(List.of(-1, 0, 1, 2, 1_000, 1_001, Integer.MAX_VALUE, Integer.MIN_VALUE, 100_000));
    }

    /** A double at the edges. */
    public double real() {
        return pick(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0, 0.0, 0.5, 1e308));
    }

    /** {@code n} values from {@link #value()}. */
    public List<Object> values(int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(value());
        }
        return out;
    }

    /** One of {@code options}. */
    public <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
