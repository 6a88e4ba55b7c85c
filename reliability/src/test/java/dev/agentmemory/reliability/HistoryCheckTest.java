package dev.agentmemory.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.reliability.support.History;
import dev.agentmemory.reliability.support.History.Event;
import dev.agentmemory.reliability.support.History.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history checker finds the violations it exists for, and accepts overlapping calls. */
class HistoryCheckTest {

    @Test
    void a_read_after_the_put_that_misses_it_is_a_violation() {
        assertThat(History.violations(List.of(new Event(Kind.PUT, "a", 0, 10, false),
                new Event(Kind.GET, "a", 11, 20, false)))).hasSize(1);
    }

    @Test
    void a_read_after_the_delete_that_sees_it_is_a_violation() {
        assertThat(History.violations(List.of(new Event(Kind.PUT, "a", 0, 10, false),
                new Event(Kind.DELETE, "a", 11, 20, true), new Event(Kind.SEARCH, "a", 21, 30, true)))).hasSize(1);
    }

    @Test
    void reads_overlapping_the_put_or_the_delete_may_go_either_way() {
        assertThat(History.violations(List.of(new Event(Kind.PUT, "a", 0, 10, false),
                new Event(Kind.LIST, "a", 5, 15, false), new Event(Kind.GET, "a", 9, 12, true),
                new Event(Kind.DELETE, "a", 20, 30, true), new Event(Kind.GET, "a", 25, 35, true),
                new Event(Kind.GET, "a", 19, 21, false), new Event(Kind.GET, "a", 31, 40, false)))).isEmpty();
    }
}
