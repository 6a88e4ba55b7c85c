package dev.agentmemory.reliability.child;

import dev.agentmemory.Match;
import java.util.List;
import java.util.Random;

/**
 * Thread-safe: static methods only. The data of the index growth test, the same in the parent
 * and the child: namespace names, seeded vectors and queries, and the text form of a result.
 */
public final class GrowthData {
    private GrowthData() {}

    /** The name of namespace {@code n}. */
    public static String namespace(int n) {
        return "ns" + n;
    }

    /** Memory {@code i}'s vector in namespace {@code n}. */
    public static float[] vector(int n, int i, int dim) {
        return gaussian(new Random(31L * n + i), dim);
    }

    /** The query of round {@code round} in namespace {@code n}. */
    public static float[] query(int n, int round, int dim) {
        return gaussian(new Random(-(1_000_003L * n + round + 1)), dim);
    }

    private static float[] gaussian(Random r, int dim) {
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = (float) r.nextGaussian();
        }
        return v;
    }

    /** One result as a line: namespace, round, then id and score per match (scores to 6 places). */
    public static String line(int n, int round, List<Match> top) {
        StringBuilder b = new StringBuilder().append(n).append(' ').append(round);
        for (Match m : top) {
            b.append(' ').append(m.memory().id()).append('=').append(String.format("%.6f", m.score()));
        }
        return b.toString();
    }
}
