package dev.agentmemory.embeddings.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The micro-batcher with real threads over {@link RecordingEmbedder}: batches form (and the
 * test proves they did), every caller gets its own vector or its own error, and no wait is
 * without a bound. The gate of the recording embedder holds one batch in flight, so that what
 * queues behind it is known before the test goes on.
 */
class MicroBatchingEmbedderTest {

    private static final long BOUND_SECONDS = 60;

    private final RecordingEmbedder model = new RecordingEmbedder();
    private final List<MicroBatchingEmbedder> opened = new ArrayList<>();
    private final List<Caller> callers = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        model.gate.countDown();
        for (MicroBatchingEmbedder b : opened) {
            b.close();
        }
        for (Caller c : callers) {
            c.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        }
    }

    private MicroBatchingEmbedder batcher(MicroBatchingEmbedder.Builder builder) {
        MicroBatchingEmbedder b = builder.build();
        opened.add(b);
        return b;
    }

    @Test
    void concurrent_single_calls_share_batches_and_each_caller_gets_its_own_vector() throws Exception {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model).maxBatch(8)
                .maxWait(Duration.ofMillis(2)));
        int threads = 16;
        int each = 25;
        Concurrently.run(threads, BOUND_SECONDS, worker -> {
            for (int i = 0; i < each; i++) {
                String text = "worker " + worker + " text " + i;
                float[] v = batcher.embed(text);
                assertThat(v).as(text).containsExactly(RecordingEmbedder.vectorOf(text));
                float[] viaList = batcher.embedAll(List.of(text + " again")).get(0);
                assertThat(viaList).containsExactly(RecordingEmbedder.vectorOf(text + " again"));
            }
        });
        MicroBatchingEmbedder.Stats stats = batcher.stats();
        int total = threads * each * 2;
        assertThat(stats.texts()).isEqualTo(total);
        assertThat(model.batches.stream().mapToInt(List::size).sum()).isEqualTo(total);
        assertThat(model.single).isEmpty();
        // The race happened: texts of different threads really went through the model together.
        assertThat(stats.largestBatch()).isGreaterThan(1).isLessThanOrEqualTo(8);
        assertThat(model.largestBatch()).isEqualTo(stats.largestBatch());
        assertThat(stats.batches()).isLessThan(total);
        assertThat(model.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(8));
    }

    @Test
    void texts_that_queue_behind_a_running_batch_go_to_the_model_together() throws Exception {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model).maxWait(Duration.ZERO));
        holdFirstBatch(batcher);
        for (int i = 0; i < 5; i++) {
            call(batcher, "queued " + i);
        }
        waitFor(() -> batcher.stats().waiting() == 5, "five texts queued");
        model.gate.countDown();
        for (Caller c : callers) {
            c.finish();
            assertThat(c.vector).containsExactly(RecordingEmbedder.vectorOf(c.text));
        }
        assertThat(model.batches).hasSize(2);
        assertThat(model.batches.get(1)).containsExactlyInAnyOrder("queued 0", "queued 1", "queued 2", "queued 3",
                "queued 4");
    }

    @Test
    void a_bad_text_fails_only_its_own_caller() throws Exception {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model).maxWait(Duration.ZERO));
        holdFirstBatch(batcher);
        Caller good1 = call(batcher, "good one");
        Caller bad = call(batcher, "a bad one");
        Caller good2 = call(batcher, "good two");
        waitFor(() -> batcher.stats().waiting() == 3, "three texts queued");
        model.gate.countDown();
        good1.finish();
        bad.finish();
        good2.finish();
        assertThat(good1.vector).containsExactly(RecordingEmbedder.vectorOf("good one"));
        assertThat(good2.vector).containsExactly(RecordingEmbedder.vectorOf("good two"));
        assertThat(bad.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot embed 'a bad one'");
        // The error was rethrown on the caller's own thread, with the model's error as the cause.
        assertThat(bad.error.getCause()).isInstanceOf(IllegalArgumentException.class);
        assertThat(bad.error.getStackTrace()).anySatisfy(
                e -> assertThat(e.getMethodName()).isEqualTo("embed"));
        assertThat(batcher.stats().splitBatches()).isEqualTo(1);
        assertThat(model.single).containsExactlyInAnyOrder("good one", "a bad one", "good two");
    }

    @Test
    void a_model_failure_reaches_every_caller_of_the_batch() throws Exception {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model).maxWait(Duration.ZERO));
        holdFirstBatch(batcher);
        Caller a = call(batcher, "fine");
        Caller b = call(batcher, "broken");
        waitFor(() -> batcher.stats().waiting() == 2, "two texts queued");
        model.gate.countDown();
        a.finish();
        b.finish();
        for (Caller c : List.of(a, b)) {
            assertThat(c.error).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("recording failed on a batch of 2 texts")
                    .hasMessageContaining("the model is broken");
        }
        assertThat(model.single).isEmpty();
        // The batcher carries on after a failed batch.
        assertThat(batcher.embed("after")).containsExactly(RecordingEmbedder.vectorOf("after"));
    }

    @Test
    void a_full_queue_refuses_at_once_with_the_reason() throws Exception {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model).queueCapacity(2)
                .maxWait(Duration.ZERO));
        holdFirstBatch(batcher);
        call(batcher, "q1");
        call(batcher, "q2");
        waitFor(() -> batcher.stats().waiting() == 2, "the queue full");
        assertThatThrownBy(() -> batcher.embed("one too many"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("queue is full (2 texts waiting")
                .hasMessageContaining("shed load");
        model.gate.countDown();
        for (Caller c : callers) {
            c.finish();
            assertThat(c.error).isNull();
        }
    }

    @Test
    void a_caller_waits_no_longer_than_its_timeout() throws Exception {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model).timeout(Duration.ofMillis(300))
                .maxWait(Duration.ZERO));
        holdFirstBatch(batcher);
        Caller late = call(batcher, "never served in time");
        late.finish();
        assertThat(late.error).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no vector within the timeout of 300 ms");
        model.gate.countDown();
        // The withdrawn text never reaches the model.
        assertThat(batcher.embed("next")).containsExactly(RecordingEmbedder.vectorOf("next"));
        assertThat(model.batches).noneSatisfy(b -> assertThat(b).contains("never served in time"));
        // The held first caller timed out too, although its batch had started and did run.
        callers.get(0).finish();
        assertThat(callers.get(0).error).hasMessageContaining("no vector within the timeout");
    }

    @Test
    void an_interrupt_withdraws_only_its_own_callers_text_and_keeps_its_flag() throws Exception {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model).maxWait(Duration.ZERO));
        holdFirstBatch(batcher);
        Caller interrupted = call(batcher, "interrupted while queued");
        Caller other = call(batcher, "other");
        waitFor(() -> batcher.stats().waiting() == 2, "two texts queued");
        interrupted.interrupt();
        interrupted.finish();
        assertThat(interrupted.error).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("interrupted").hasMessageContaining("withdrawn");
        assertThat(interrupted.flagAfter).isTrue();
        model.gate.countDown();
        other.finish();
        assertThat(other.vector).containsExactly(RecordingEmbedder.vectorOf("other"));
        assertThat(model.batches).noneSatisfy(b -> assertThat(b).contains("interrupted while queued"));
    }

    @Test
    void an_interrupt_during_its_batch_still_gets_the_vector_and_keeps_its_flag() throws Exception {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model).maxWait(Duration.ZERO));
        model.gate = new CountDownLatch(1);
        Caller running = call(batcher, "in flight");
        assertThat(model.entered.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        running.interrupt();
        Thread.sleep(50); // let the interrupted caller notice, while its batch is still held
        model.gate.countDown();
        running.finish();
        assertThat(running.error).isNull();
        assertThat(running.vector).containsExactly(RecordingEmbedder.vectorOf("in flight"));
        assertThat(running.flagAfter).isTrue();
    }

    @Test
    void close_lets_the_batch_in_flight_finish_fails_the_queue_and_later_calls() throws Exception {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model).maxWait(Duration.ZERO));
        Caller first = holdFirstBatch(batcher);
        Caller queued = call(batcher, "queued at close");
        waitFor(() -> batcher.stats().waiting() == 1, "one text queued");
        Thread closer = new Thread(batcher::close);
        closer.start();
        waitFor(batcher::isClosed, "the batcher closed");
        model.gate.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertThat(closer.isAlive()).isFalse();
        first.finish();
        queued.finish();
        assertThat(first.vector).containsExactly(RecordingEmbedder.vectorOf("first"));
        assertThat(queued.error).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> batcher.embed("after close")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("micro-batcher is closed");
        assertThatThrownBy(() -> batcher.embedAll(List.of("a", "b"))).hasMessageContaining("closed");
        batcher.close(); // idempotent
    }

    @Test
    void lists_of_several_texts_go_straight_to_the_model_and_bad_settings_are_refused() {
        MicroBatchingEmbedder batcher = batcher(MicroBatchingEmbedder.builder(model));
        assertThat(batcher.embedAll(List.of("x", "y"))).hasSize(2);
        assertThat(batcher.stats().batches()).isZero();
        assertThat(batcher.name()).isEqualTo("recording");
        assertThat(batcher.dimension()).isEqualTo(RecordingEmbedder.DIMENSION);
        assertThatThrownBy(() -> batcher.embed(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MicroBatchingEmbedder.builder(model).maxBatch(0))
                .hasMessageContaining("maxBatch must be at least 1");
        assertThatThrownBy(() -> MicroBatchingEmbedder.builder(model).maxWait(Duration.ofSeconds(2)))
                .hasMessageContaining("maxWait must be between 0 and 1 s");
        assertThatThrownBy(() -> MicroBatchingEmbedder.builder(model).queueCapacity(0))
                .hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> MicroBatchingEmbedder.builder(model).timeout(Duration.ZERO))
                .hasMessageContaining("timeout must be positive");
    }

    /** Starts a caller whose batch is held at the gate, and waits until it is. */
    private Caller holdFirstBatch(MicroBatchingEmbedder batcher) throws InterruptedException {
        model.gate = new CountDownLatch(1);
        Caller first = call(batcher, "first");
        assertThat(model.entered.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("the first batch reached the model")
                .isTrue();
        return first;
    }

    private Caller call(MicroBatchingEmbedder batcher, String text) {
        Caller c = new Caller(batcher, text);
        callers.add(c);
        c.start();
        return c;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** One caller on its own thread: what it got, and its interrupt flag afterwards. */
    private static final class Caller extends Thread {
        final MicroBatchingEmbedder batcher;
        final String text;
        volatile float[] vector;
        volatile RuntimeException error;
        volatile boolean flagAfter;

        Caller(MicroBatchingEmbedder batcher, String text) {
            super("caller-" + text);
            this.batcher = batcher;
            this.text = text;
        }

        @Override
        public void run() {
            try {
                vector = batcher.embed(text);
            } catch (RuntimeException e) {
                error = e;
            }
            flagAfter = Thread.currentThread().isInterrupted();
        }

        void finish() throws InterruptedException {
            join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
            assertThat(isAlive()).as("caller of '%s' is stuck", text).isFalse();
        }
    }
}
