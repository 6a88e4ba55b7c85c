package dev.agentmemory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreBenchTest {

    @Test
    void a_table_cell_has_no_pipes_or_line_breaks_and_is_clipped_after_collapsing_whitespace() {
        assertThat(StoreBench.tableCell("a | b\n\n\tc", 80)).isEqualTo("a / b c");
        // Collapsing whitespace shortens the text below the limit: no index out of bounds.
        assertThat(StoreBench.tableCell("x" + " ".repeat(100), 80)).isEqualTo("x ");
        assertThat(StoreBench.tableCell("abcdef", 3)).isEqualTo("abc");
    }
}
