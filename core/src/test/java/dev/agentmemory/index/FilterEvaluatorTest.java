package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.Metadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterEvaluatorTest {
    private static final Metadata M = Metadata.of(Map.of("s", "b", "l", 5, "d", 2.5, "t", true, "z", -0.0));

    private static boolean eval(Filter f) {
        return FilterEvaluator.matches(f, M, 100, 200);
    }

    @Test
    void values_compare_within_their_kind_only() {
        assertThat(eval(Filter.eq("l", 5L))).isTrue();
        assertThat(eval(Filter.eq("l", 5.0))).isTrue();
        assertThat(eval(Filter.eq("l", "5"))).isFalse();
        assertThat(eval(Filter.gt("d", 2))).isTrue();
        assertThat(eval(Filter.lt("s", "c"))).isTrue();
        assertThat(eval(Filter.gt("s", 1))).isFalse();
        assertThat(eval(Filter.eq("t", true))).isTrue();
        assertThat(eval(Filter.eq("t", 1))).isFalse();
        assertThat(eval(Filter.eq("z", 0.0))).isTrue();
    }

    @Test
    void ne_and_not_in_match_missing_keys_and_other_kinds() {
        assertThat(eval(Filter.ne("missing", 1))).isTrue();
        assertThat(eval(Filter.ne("l", "5"))).isTrue();
        assertThat(eval(Filter.ne("l", 5))).isFalse();
        assertThat(eval(Filter.notIn("missing", List.of(1, 2)))).isTrue();
        assertThat(eval(Filter.notIn("l", List.of(4, 5)))).isFalse();
        assertThat(eval(Filter.in("l", List.of(4, 5)))).isTrue();
        assertThat(eval(Filter.gt("missing", 1))).isFalse();
        assertThat(eval(Filter.not(Filter.gt("missing", 1)))).isTrue();
    }

    @Test
    void strings_compare_by_code_point() {
        // U+FF5E sorts below U+1F600 by code point, but above its surrogate pair by UTF-16 unit.
        String bmp = "\uFF5E";
        String astral = new String(Character.toChars(0x1F600));
        assertThat(FilterEvaluator.compareCodePoints(bmp, astral)).isNegative();
        assertThat(bmp.compareTo(astral)).isPositive();
    }

    @Test
    void time_fields_and_composition() {
        Instant created = Instant.EPOCH.plusNanos(100_000);
        assertThat(eval(Filter.compare(Filter.Field.CREATED_AT, Filter.Op.EQ, created))).isTrue();
        assertThat(eval(Filter.createdAfter(created))).isFalse();
        assertThat(eval(Filter.updatedAfter(created))).isTrue();
        assertThat(eval(Filter.and(Filter.exists("s"), Filter.or(Filter.eq("l", 1), Filter.eq("d", 2.5))))).isTrue();
        assertThat(eval(Filter.and())).isTrue();
        assertThat(eval(Filter.or())).isFalse();
    }
}
