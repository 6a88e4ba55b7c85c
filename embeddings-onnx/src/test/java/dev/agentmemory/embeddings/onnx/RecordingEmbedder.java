package dev.agentmemory.embeddings.onnx;

import dev.agentmemory.Embedder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Thread-safe: a small real embedder for the batcher's tests. A text's vector is a fixed function
 * of its bytes, so any caller can check it got its own; every {@code embedAll} call is recorded;
 * texts containing {@code "bad"} are rejected, texts containing {@code "broken"} make the model
 * "fail"; and while {@link #gate} is closed, calls wait on it, which lets a test hold a batch in
 * flight while others queue up behind it.
 */
final class RecordingEmbedder implements Embedder {

    static final int DIMENSION = 8;

    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    final List<String> single = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate = new CountDownLatch(0);
    /** Counted down when a call reaches the gate. */
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        single.add(text);
        pass();
        return vectorOf(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        batches.add(List.copyOf(texts));
        pass();
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(vectorOf(t));
        }
        return out;
    }

    /** The vector this embedder gives {@code text}; rejects and fails as the class says. */
    static float[] vectorOf(String text) {
        if (text.contains("bad")) {
            throw new IllegalArgumentException("recording: cannot embed '" + text + "'");
        }
        if (text.contains("broken")) {
            throw new IllegalStateException("recording: the model is broken");
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        float[] v = new float[DIMENSION];
        for (int i = 0; i < b.length; i++) {
            v[i % DIMENSION] += b[i] * (i + 1);
        }
        v[0] += b.length;
        return v;
    }

    int largestBatch() {
        return batches.stream().mapToInt(List::size).max().orElse(0);
    }

    private void pass() {
        entered.countDown();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("recording: the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("recording: interrupted at the gate", e);
        }
    }
}
