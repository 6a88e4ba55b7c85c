package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlotStoreTest {

    private static IndexedRow row(MemoryId id) {
        return new IndexedRow(id, "c", Metadata.empty(), Instant.EPOCH, Instant.EPOCH, 0, 0, 1, null);
    }

    @Test
    void a_freed_slot_is_skipped_and_reused_while_live_slots_keep_their_place() {
        SlotStore store = new SlotStore("t/n");
        MemoryId[] ids = new MemoryId[40];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = MemoryId.generate();
            assertThat(store.put(row(ids[i]), new float[] {i, 1})).isEqualTo(i);
        }
        assertThat(store.capacity()).isGreaterThanOrEqualTo(40);

        assertThat(store.remove(ids[7])).isEqualTo(7);
        assertThat(store.remove(ids[7])).isEqualTo(-1);
        assertThat(store.isFree(7)).isTrue();
        assertThat(store.expires()[7]).isEqualTo(SlotStore.FREE);
        assertThat(store.row(7)).isNull();
        assertThat(store.live()).isEqualTo(39);

        MemoryId fresh = MemoryId.generate();
        assertThat(store.put(row(fresh), new float[] {100, 2})).isEqualTo(7);
        assertThat(store.end()).isEqualTo(40);
        assertThat(store.vector(7)).containsExactly(100, 2);
        assertThat(store.norms()[7]).isEqualTo((float) Math.hypot(100, 2));

        // An update keeps the slot and replaces the vector.
        assertThat(store.put(row(ids[3]), new float[] {3, 1})).isEqualTo(3);
        assertThat(store.holds(3, new float[] {3, 1})).isTrue();
        assertThat(store.put(row(ids[3]), new float[] {-3, 1})).isEqualTo(3);
        assertThat(store.holds(3, new float[] {3, 1})).isFalse();
        assertThat(store.slotOf(ids[3])).isEqualTo(3);
        assertThat(store.live()).isEqualTo(40);
        assertThat(store.vectorBytes()).isEqualTo(store.capacity() * (2 * 4 + 4 + 8L));

        store.clear();
        assertThat(store.live()).isZero();
        assertThat(store.slotOf(ids[3])).isEqualTo(-1);
        assertThat(store.dimension()).isEqualTo(-1);
    }
}
