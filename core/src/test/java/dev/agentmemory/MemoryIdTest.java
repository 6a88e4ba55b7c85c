package dev.agentmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class MemoryIdTest {

    @Test
    void ids_are_version_7_and_round_trip_through_text() {
        MemoryId id = MemoryId.generate();
        assertThat(id.uuid().version()).isEqualTo(7);
        assertThat(id.uuid().variant()).isEqualTo(2);
        assertThat(MemoryId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void text_is_always_the_canonical_lower_case_form_whatever_was_parsed() {
        MemoryId id = MemoryId.generate();
        String canonical = id.toString();
        MemoryId upper = MemoryId.parse(canonical.toUpperCase(java.util.Locale.ROOT));
        assertThat(upper).isEqualTo(id);
        assertThat(upper.toString()).isEqualTo(canonical).isEqualTo(upper.uuid().toString());
        MemoryId lower = MemoryId.parse(canonical);
        assertThat(lower.toString()).isSameAs(canonical); // kept, not formatted again
        assertThat(lower.toString()).isSameAs(lower.toString());
    }

    @Test
    void ids_from_many_threads_are_distinct_and_text_order_matches_id_order() throws Exception {
        Set<MemoryId> all = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                MemoryId previous = null;
                for (int i = 0; i < 20_000; i++) {
                    MemoryId id = MemoryId.generate();
                    if (previous != null && id.compareTo(previous) <= 0) {
                        throw new AssertionError("not increasing: " + previous + " then " + id);
                    }
                    previous = id;
                    all.add(id);
                }
            });
            threads.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(all).hasSize(8 * 20_000);
        List<MemoryId> sorted = new ArrayList<>(all);
        sorted.sort(null);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i - 1).toString()).isLessThan(sorted.get(i).toString());
        }
    }

    @Test
    void garbage_is_rejected_with_a_typed_error() {
        assertThatThrownBy(() -> MemoryId.parse("not-a-uuid"))
                .isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> MemoryId.parse("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"))
                .isInstanceOf(ValidationException.class);
    }
}
