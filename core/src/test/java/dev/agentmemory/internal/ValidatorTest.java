package dev.agentmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Limits;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.ValidationException;
import dev.agentmemory.index.FilterEvaluator;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ValidatorTest {
    private final Validator validator = new Validator(Limits.DEFAULTS);

    private static ValidationException refused(ErrorCode code, Executable call) {
        ValidationException e = catchThrowableOfType(ValidationException.class, call::execute);
        assertThat(e).as("refused with " + code).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        return e;
    }

    private static MemoryDraft draft() {
        return MemoryDraft.of("text").embedding(new float[] {1, 0, 0});
    }

    @Test
    void expiry_outside_the_representable_instants_is_refused_not_an_overflow() {
        for (Instant t : new Instant[] {Instant.MAX, Instant.MIN, Instant.parse("+10000-01-01T00:00:00Z")}) {
            assertThat(refused(ErrorCode.INVALID_ARGUMENT, () -> validator.draft(draft().expiresAt(t))).getMessage())
                    .contains("outside the instants the store represents");
        }
        assertThatCode(() -> validator.draft(draft().expiresAt(Instant.parse("3000-01-01T00:00:00Z"))))
                .doesNotThrowAnyException();
        refused(ErrorCode.INVALID_ARGUMENT, () -> validator.draft(draft().ttl(Duration.ofSeconds(Long.MAX_VALUE))));
        refused(ErrorCode.INVALID_ARGUMENT, () -> validator.draft(draft().ttl(Limits.MAX_TTL.plusDays(1))));
        assertThatCode(() -> validator.draft(draft().ttl(Limits.MAX_TTL))).doesNotThrowAnyException();
    }

    @Test
    void time_filters_outside_the_representable_instants_are_refused() {
        refused(ErrorCode.INVALID_FILTER, () -> validator.filter(Filter.createdBefore(Instant.MAX)));
        assertThatCode(() -> validator.filter(Filter.createdAfter(Instant.parse("2500-01-01T00:00:00Z"))))
                .doesNotThrowAnyException();
    }

    @Test
    void vectors_whose_norm_overflows_or_underflows_float_are_refused() {
        float[] huge = new float[384];
        Arrays.fill(huge, 3e38f);
        float[] tiny = new float[384];
        Arrays.fill(tiny, Float.MIN_VALUE);
        refused(ErrorCode.INVALID_VECTOR, () -> validator.vector("embedding", huge));
        refused(ErrorCode.INVALID_VECTOR, () -> validator.vector("embedding", tiny));
        float[] usual = new float[384];
        Arrays.fill(usual, 0.05f);
        assertThatCode(() -> validator.vector("embedding", usual)).doesNotThrowAnyException();
        assertThatCode(() -> validator.vector("embedding", new float[3])).as("the zero vector, as before")
                .doesNotThrowAnyException();
    }

    @Test
    void a_memory_cannot_link_to_itself() {
        MemoryId a = MemoryId.generate();
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, () -> validator.link(a, a, "about", 1.0)).getMessage())
                .contains("cannot link to itself");
        assertThatCode(() -> validator.link(a, MemoryId.generate(), "about", 1.0)).doesNotThrowAnyException();
    }

    @Test
    void micros_of_far_instants_do_not_overflow() {
        assertThat(FilterEvaluator.micros(Instant.parse("2262-04-12T00:00:00Z")))
                .isEqualTo(Instant.parse("2262-04-12T00:00:00Z").getEpochSecond() * 1_000_000);
        assertThat(FilterEvaluator.micros(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(FilterEvaluator.micros(Instant.MIN)).isGreaterThan(Long.MIN_VALUE);
    }
}
