package dev.agentmemory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void a_bad_limit_is_reported_with_the_values_given() {
        assertThatThrownBy(() -> new Limits(0, 64, 4_096, 8_192, 1_000, 500, 10_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxContentChars=0")
                .hasMessageContaining("maxDimension=8192")
                .hasMessageContaining("maxPageSize=500")
                .hasMessageContaining("maxBatchSize=10000");
    }
}
