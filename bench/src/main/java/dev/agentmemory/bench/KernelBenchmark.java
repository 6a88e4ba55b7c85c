package dev.agentmemory.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the exact top-10 scan of 10k x 384 vectors (dot products plus the top-k heap) with the
 * scalar kernel and the Vector API kernel, one thread. Short by design (1 fork, 2 warm-up and
 * 3 measured iterations of 1 s): a shared 2-core machine gives a few percent of noise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class KernelBenchmark {
    @Param({"10000"})
    int n;

    private BenchIndex index;
    private float[] q;

    @Setup
    public void setup() {
        Random r = new Random(1);
        float[][] data = new float[n][384];
        for (float[] v : data) {
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) r.nextGaussian();
            }
        }
        q = data[0].clone();
        index = BenchIndex.build(data, 0, 0, 1);
    }

    @TearDown
    public void close() {
        index.close();
    }

    @Benchmark
    public int[] topKScalar() {
        return index.exact(q, 10, false, false);
    }

    @Benchmark
    public int[] topKVectorApi() {
        return index.exact(q, 10, true, false);
    }
}
