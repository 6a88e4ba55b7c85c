package dev.agentmemory.tck.support;

/** Thread-safe: static methods only. String helpers for the contract tests. */
public final class Strings {
    private Strings() {}

    /**
     * Compares by Unicode code point (UTF-8 byte order), unlike {@link String#compareTo}, which
     * compares UTF-16 units and puts U+E000..U+FFFF after supplementary characters.
     */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** A string of {@code n} copies of {@code c}. */
    public static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }
}
