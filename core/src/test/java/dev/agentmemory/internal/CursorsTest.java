package dev.agentmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorsTest {
    private final MemoryId last = MemoryId.generate();

    @Test
    void a_cursor_reads_back_in_its_own_listing() {
        Filter f = Filter.gte("priority", 2L);
        String cursor = Cursors.encode(last, "alice", "notes", f);
        assertThat(cursor).doesNotContain(last.toString());
        assertThat(Cursors.decode(cursor, "alice", "notes", Filter.gte("priority", 2L))).isEqualTo(last);
        assertThat(Cursors.decode(Cursors.encode(last, "alice", "notes", null), "alice", "notes", null)).isEqualTo(last);
    }

    @Test
    void a_cursor_of_another_listing_or_a_changed_one_is_refused() {
        String cursor = Cursors.encode(last, "alice", "notes", null);
        assertThat(Cursors.decode(cursor, "bob", "notes", null)).as("another tenant").isNull();
        assertThat(Cursors.decode(cursor, "alice", "work", null)).as("another namespace").isNull();
        assertThat(Cursors.decode(cursor, "alice", "notes", Filter.eq("k", "v"))).as("another filter").isNull();
        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= 0x10;
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
            assertThat(Cursors.decode(tampered, "alice", "notes", null)).as("byte %d changed", i).isNull();
        }
        assertThat(Cursors.decode(last.toString(), "alice", "notes", null)).as("a plain id").isNull();
        assertThat(Cursors.decode("%%%", "alice", "notes", null)).as("not Base64").isNull();
    }
}
