package dev.agentmemory.bench;

import java.util.Random;

/** Thread-safe: static methods only. Synthetic vectors with the clustered shape of real embeddings. */
final class ClusteredVectors {
    private ClusteredVectors() {}

    /** {@code n} unit vectors around {@code clusters} Gaussian centres. */
    static float[][] of(Random r, int n, int dim, int clusters) {
        float[][] centres = new float[clusters][dim];
        for (float[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = (float) r.nextGaussian();
            }
        }
        float[][] out = new float[n][dim];
        for (float[] v : out) {
            float[] c = centres[r.nextInt(clusters)];
            for (int d = 0; d < dim; d++) {
                v[d] = (float) (c[d] + 0.5 * r.nextGaussian());
            }
        }
        return Stats.normalised(out);
    }
}
