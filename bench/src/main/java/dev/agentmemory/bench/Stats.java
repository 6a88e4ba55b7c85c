package dev.agentmemory.bench;

import java.util.Arrays;

/** Static helpers: percentiles, recall, formatting. */
final class Stats {
    private Stats() {}

    /** The p-th percentile (0..100) of the samples, nearest rank. */
    static double percentile(long[] samples, int count, double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The fraction of {@code truth}'s first k found in {@code found}'s first k. */
    static double recall(int[] truth, int[] found, int k) {
        int hits = 0;
        int n = Math.min(k, truth.length);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < Math.min(k, found.length); j++) {
                if (truth[i] == found[j]) {
                    hits++;
                    break;
                }
            }
        }
        return n == 0 ? 1 : (double) hits / n;
    }

    static String f(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format("%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format("%.1f", v);
        }
        return String.format("%.3f", v);
    }

    /** Unit-length copies (cosine ranking is unchanged; peers that use inner product need it). */
    static float[][] normalised(float[][] vectors) {
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            double s = 0;
            for (float x : vectors[i]) {
                s += x * x;
            }
            float inv = (float) (1 / Math.sqrt(s));
            out[i] = new float[vectors[i].length];
            for (int d = 0; d < out[i].length; d++) {
                out[i][d] = vectors[i][d] * inv;
            }
        }
        return out;
    }
}
