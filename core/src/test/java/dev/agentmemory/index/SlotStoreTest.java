package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import org.junit.jupiter.api.Test;

class SlotStoreTest {

    private static IndexedRow row(MemoryId id) {
        return IndexedRow.bare(id);
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
        // Per slot: the 2-d vector, norm, expiry, two id halves, two timestamps, the version, a
        // metadata reference; and the id table, kept at most half full.
        long table = store.bytes() - store.capacity() * (2 * 4 + 4 + 8 + 16 + 16 + 8 + 4L);
        assertThat(table).isBetween(2L * 4 * store.live(), 4L * 4 * store.live());
        assertThat(store.metadataBytes()).isZero();
        store.put(new IndexedRow(ids[5], Metadata.of(java.util.Map.of("source", "calendar")), 0, 0, Long.MAX_VALUE),
                new float[] {5, 1});
        assertThat(store.metadataBytes()).as("one entry: map, node, key and value strings").isBetween(150L, 300L);
        assertThat(store.metadata(5).asMap()).containsEntry("source", "calendar");
        store.remove(ids[5]);
        assertThat(store.metadataBytes()).isZero();

        store.clear();
        assertThat(store.live()).isZero();
        assertThat(store.slotOf(ids[3])).isEqualTo(-1);
        assertThat(store.dimension()).isEqualTo(-1);
    }

    @Test
    void the_id_table_finds_every_live_id_through_many_removals_and_reuses() {
        SlotStore store = new SlotStore("t/n");
        java.util.Random random = new java.util.Random(11);
        java.util.Map<MemoryId, Integer> truth = new java.util.HashMap<>();
        java.util.List<MemoryId> order = new java.util.ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (order.isEmpty() || random.nextInt(3) > 0) {
                MemoryId id = MemoryId.generate();
                truth.put(id, store.put(row(id), new float[] {step, 1}));
                order.add(id);
            } else {
                MemoryId gone = order.remove(random.nextInt(order.size()));
                assertThat(store.remove(gone)).isEqualTo(truth.remove(gone));
            }
        }
        assertThat(store.live()).isEqualTo(truth.size());
        truth.forEach((id, slot) -> {
            assertThat(store.slotOf(id)).isEqualTo(slot);
            assertThat(store.id(slot)).isEqualTo(id);
        });
        assertThat(store.slotOf(MemoryId.generate())).isEqualTo(-1);
        store.trim();
        assertThat(store.capacity()).isEqualTo(store.end());
        truth.forEach((id, slot) -> assertThat(store.vector(slot)[1]).isEqualTo(1));
    }
}
