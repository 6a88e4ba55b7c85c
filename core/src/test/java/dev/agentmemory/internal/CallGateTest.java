package dev.agentmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallGateTest {

    @Test
    void close_waits_for_the_call_in_flight_then_refuses_new_ones() throws Exception {
        CallGate gate = new CallGate();
        CountDownLatch inside = new CountDownLatch(1);
        AtomicLong finishedAt = new AtomicLong();
        Thread caller = new Thread(() -> {
            assertThat(gate.enter()).isTrue();
            inside.countDown();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finishedAt.set(System.nanoTime());
            gate.exit();
        });
        caller.start();
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.shut()).isTrue();
        assertThat(gate.enter()).as("no call enters once shut, while one is still inside").isFalse();
        gate.awaitDrained(System.nanoTime() + Duration.ofSeconds(5).toNanos());
        long closedAt = System.nanoTime();
        assertThat(finishedAt.get()).isPositive().isLessThanOrEqualTo(closedAt);
        assertThat(gate.shut()).isFalse();
        caller.join();
    }

    @Test
    void close_gives_up_after_its_timeout() {
        CallGate gate = new CallGate();
        assertThat(gate.enter()).isTrue();
        long start = System.nanoTime();
        assertThat(gate.shut()).isTrue();
        gate.awaitDrained(start + Duration.ofMillis(100).toNanos());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(gate.inFlight()).isEqualTo(1);
    }
}
