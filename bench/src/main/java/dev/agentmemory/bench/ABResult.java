package dev.agentmemory.bench;

import java.util.List;
import java.util.Locale;

/**
 * Immutable: the arithmetic of {@link HotPathAB}'s table. A cell's rounds alternate between the
 * builds A and B; each side is summarised by the medians over its rounds, and the rounds are
 * also compared in pairs (round i of B against round i of A, run back to back), which says
 * whether a difference holds in every pair or only in the medians. The median of the pair
 * ratios is the figure least moved by load that drifts across a cell: each pair ran within
 * seconds.
 */
final class ABResult {
    private ABResult() {}

    /** One round of one build: throughput and latency percentiles of its samples. */
    record Round(double opsPerSecond, double p50Micros, double p99Micros) {
        /**
         * Reads a probe's answer: wall nanoseconds, operations finished, then latency samples.
         *
         * @throws IllegalArgumentException if {@code raw} has fewer than two elements
         */
        static Round of(long[] raw) {
            if (raw.length < 2) {
                throw new IllegalArgumentException("HotPathAB: a probe round must return wall time and count; got "
                        + raw.length + " values");
            }
            long[] samples = java.util.Arrays.copyOfRange(raw, 2, raw.length);
            return new Round(raw[1] / (raw[0] / 1e9), Stats.percentile(samples, samples.length, 50) / 1e3,
                    Stats.percentile(samples, samples.length, 99) / 1e3);
        }
    }

    /** One build over a cell's rounds: the medians, and the slowest and fastest round. */
    record Side(double opsPerSecond, double p50Micros, double p99Micros, double minOps, double maxOps) {
        /** @throws IllegalArgumentException if there are no rounds */
        static Side of(List<Round> rounds) {
            if (rounds.isEmpty()) {
                throw new IllegalArgumentException("HotPathAB: a side needs at least one round");
            }
            double[] ops = rounds.stream().mapToDouble(Round::opsPerSecond).toArray();
            return new Side(Stats.median(ops), Stats.median(rounds.stream().mapToDouble(Round::p50Micros).toArray()),
                    Stats.median(rounds.stream().mapToDouble(Round::p99Micros).toArray()),
                    java.util.Arrays.stream(ops).min().getAsDouble(), java.util.Arrays.stream(ops).max().getAsDouble());
        }
    }

    /** One cell (operation x threads): both sides and the B/A comparisons. */
    record Cell(String op, int threads, Side a, Side b, double ratio, int pairs, double minPairRatio,
            double medianPairRatio, double maxPairRatio) {
        /** Fewer pairs than this give no verdict: 4 pairs all one way happen by chance 1 time in 8. */
        static final int MIN_PAIRS_FOR_VERDICT = 5;

        /**
         * Summarises a cell whose rounds ran A, B, A, B...: {@code a.get(i)} and {@code b.get(i)}
         * ran back to back.
         *
         * @throws IllegalArgumentException if the sides have different or zero rounds
         */
        static Cell of(String op, int threads, List<Round> a, List<Round> b) {
            if (a.size() != b.size() || a.isEmpty()) {
                throw new IllegalArgumentException("HotPathAB: both builds need the same number of rounds, at least"
                        + " one; got " + a.size() + " and " + b.size());
            }
            double[] pairs = new double[a.size()];
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = b.get(i).opsPerSecond() / a.get(i).opsPerSecond();
            }
            double[] sorted = pairs.clone();
            java.util.Arrays.sort(sorted);
            Side sa = Side.of(a);
            Side sb = Side.of(b);
            return new Cell(op, threads, sa, sb, sb.opsPerSecond() / sa.opsPerSecond(), pairs.length, sorted[0],
                    Stats.median(pairs), sorted[sorted.length - 1]);
        }

        /**
         * "B slower" when B lost every pair of rounds, "B faster" when it won every pair, else
         * "within noise". With 5 pairs and no real difference, one of the first two happens by
         * chance with probability 2/32; with fewer than {@value #MIN_PAIRS_FOR_VERDICT} pairs there
         * is no verdict.
         */
        String verdict() {
            if (pairs < MIN_PAIRS_FOR_VERDICT) {
                return "too few pairs for a verdict";
            }
            if (maxPairRatio < 1) {
                return "B slower";
            }
            if (minPairRatio > 1) {
                return "B faster";
            }
            return "within noise";
        }
    }

    static String header() {
        return String.format(Locale.ROOT, "%-7s %7s | %10s %8s %8s | %10s %8s %8s | %6s | %-17s | %s", "op",
                "threads", "A ops/s", "p50 µs", "p99 µs", "B ops/s", "p50 µs", "p99 µs", "B/A", "pairs min/med/max",
                "verdict");
    }

    static String row(Cell c) {
        return String.format(Locale.ROOT, "%-7s %7d | %10.0f %8.1f %8.1f | %10.0f %8.1f %8.1f | %6.3f | %5.3f %5.3f %5.3f"
                + " | %s", c.op(), c.threads(), c.a().opsPerSecond(), c.a().p50Micros(), c.a().p99Micros(),
                c.b().opsPerSecond(), c.b().p50Micros(), c.b().p99Micros(), c.ratio(), c.minPairRatio(),
                c.medianPairRatio(), c.maxPairRatio(), c.verdict());
    }
}
