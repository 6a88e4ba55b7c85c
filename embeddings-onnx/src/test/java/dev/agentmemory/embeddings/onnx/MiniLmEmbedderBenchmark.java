package dev.agentmemory.embeddings.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Confined to the calling thread. Prints the median milliseconds per sentence, single-threaded,
 * for {@code docs/EMBEDDINGS.md}. Not a test: timing depends on the machine and its load, so
 * nothing asserts on it. Run from the module directory after {@code mvn test-compile}:
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.agentmemory.embeddings.onnx.MiniLmEmbedderBenchmark
 * </pre>
 */
public final class MiniLmEmbedderBenchmark {

    private static final int RUNS = 9;

    private MiniLmEmbedderBenchmark() {}

    public static void main(String[] args) {
        long loadStart = System.nanoTime();
        MiniLmEmbedder embedder = MiniLmEmbedder.shared();
        double loadMs = (System.nanoTime() - loadStart) / 1e6;

        List<String> sentences = sentences();
        for (int i = 0; i < 3; i++) { // warm-up: JIT and ONNX Runtime's first-run allocations
            sentences.forEach(embedder::embed);
        }

        double[] embedMs = new double[RUNS];
        double[] embedAllMs = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            for (String sentence : sentences) {
                embedder.embed(sentence);
            }
            embedMs[run] = (System.nanoTime() - start) / 1e6 / sentences.size();

            start = System.nanoTime();
            embedder.embedAll(sentences);
            embedAllMs[run] = (System.nanoTime() - start) / 1e6 / sentences.size();
        }
        // A passage that fills the model's window: the cost grows with the number of tokens.
        String passage = String.join(" ", sentences.subList(0, 11));
        double[] passageMs = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                embedder.embed(passage);
            }
            passageMs[run] = (System.nanoTime() - start) / 1e6 / 10;
        }
        System.out.printf("model load: %.0f ms (first call of shared())%n", loadMs);
        System.out.printf("embed, one thread: median %.2f ms per sentence (%d runs of %d sentences, %d processors)%n",
                median(embedMs), RUNS, sentences.size(), Runtime.getRuntime().availableProcessors());
        System.out.printf("embedAll: median %.2f ms per sentence%n", median(embedAllMs));
        System.out.printf("embed, one thread, a passage of %d chars (about the %d-token window): median %.2f ms%n",
                passage.length(), MiniLmEmbedder.MAX_TOKENS, median(passageMs));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static List<String> sentences() {
        String[] subjects = {"The user", "Alice", "The agent", "My manager", "The customer"};
        String[] facts = {
                "prefers tea over coffee in the morning",
                "asked to be reminded about the dentist appointment on Friday",
                "is allergic to peanuts and shellfish",
                "works on the billing service and the payment gateway",
                "wants weekly summaries of open support tickets",
                "travels to Berlin next month for a conference",
                "said the quarterly report is due before the board meeting",
                "likes short answers with code examples",
                "moved from Lisbon to Amsterdam last year",
                "uses PostgreSQL in production and SQLite for tests"};
        List<String> out = new ArrayList<>();
        for (String subject : subjects) {
            for (String fact : facts) {
                out.add(subject + " " + fact + ".");
            }
        }
        return out;
    }
}
