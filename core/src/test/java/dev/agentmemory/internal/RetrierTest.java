package dev.agentmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.StorageException;
import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.StoreConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
    private final OperationRecorder recorder = new OperationRecorder();
    private final Retrier retrier = new Retrier(StoreConfig.builder("x:y")
            .retries(4, Duration.ofMillis(1), Duration.ofMillis(4)).build(), recorder);

    private static Retrier.Attempt<String> failing(AtomicInteger calls, FailureKind kind, int failures) {
        return retry -> {
            // Every attempt after the first is told it is a retry.
            assertThat(retry).isEqualTo(calls.get() > 0);
            if (calls.incrementAndGet() <= failures) {
                throw new StorageException(kind, "boom " + calls.get(), null);
            }
            return "ok";
        };
    }

    @Test
    void failures_that_applied_nothing_are_retried_for_every_retrying_mode() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(retrier.run(new Operation("put", Operation.Kind.WRITE, Retrier.Mode.NOTHING_APPLIED), failing(calls, FailureKind.RETRYABLE, 3)))
                .isEqualTo("ok");
        assertThat(calls).hasValue(4);
        assertThat(recorder.snapshot().get("put").retries()).isEqualTo(3);
    }

    @Test
    void unknown_outcomes_are_retried_only_when_idempotent() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run(new Operation("put", Operation.Kind.WRITE, Retrier.Mode.NOTHING_APPLIED),
                failing(calls, FailureKind.UNKNOWN_OUTCOME, 1))).hasMessage("boom 1");
        assertThat(calls).hasValue(1);
        calls.set(0);
        assertThat(retrier.run(new Operation("get", Operation.Kind.WRITE, Retrier.Mode.IDEMPOTENT), failing(calls, FailureKind.UNKNOWN_OUTCOME, 1)))
                .isEqualTo("ok");
        assertThat(calls).hasValue(2);
    }

    @Test
    void an_unavailable_database_fails_at_once() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run(new Operation("get", Operation.Kind.WRITE, Retrier.Mode.IDEMPOTENT),
                failing(calls, FailureKind.UNAVAILABLE, 1))).hasMessage("boom 1");
        assertThat(calls).hasValue(1);
    }

    @Test
    void attempts_are_bounded_and_permanent_failures_and_transactions_never_retry() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run(new Operation("get", Operation.Kind.WRITE, Retrier.Mode.IDEMPOTENT), failing(calls, FailureKind.RETRYABLE, 99)))
                .hasMessage("boom 4");
        calls.set(0);
        assertThatThrownBy(() -> retrier.run(new Operation("get", Operation.Kind.WRITE, Retrier.Mode.IDEMPOTENT), failing(calls, FailureKind.PERMANENT, 1)))
                .hasMessage("boom 1");
        calls.set(0);
        assertThatThrownBy(() -> retrier.run(new Operation("tx", Operation.Kind.WRITE, Retrier.Mode.NONE), failing(calls, FailureKind.RETRYABLE, 1)))
                .hasMessage("boom 1");
    }
}
