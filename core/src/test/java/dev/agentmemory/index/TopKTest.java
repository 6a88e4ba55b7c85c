package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void keeps_the_k_best_in_order_against_a_full_sort() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            int k = 1 + random.nextInt(20);
            List<double[]> all = new ArrayList<>();
            MemoryId[] ids = new MemoryId[n];
            TopK top = new TopK(k);
            for (int i = 0; i < n; i++) {
                // Few distinct scores, so ties (broken by id) are common.
                double score = random.nextInt(10) / 10.0;
                ids[i] = MemoryId.generate();
                all.add(new double[] {score, i});
                top.offer(i, score, ids[i].uuid().getMostSignificantBits(), ids[i].uuid().getLeastSignificantBits());
            }
            all.sort(Comparator.<double[]>comparingDouble(a -> -a[0]).thenComparing(a -> ids[(int) a[1]]));
            int[] slots = top.slotsBestFirst();
            double[] scores = top.scoresBestFirst();
            assertThat(slots).hasSize(Math.min(k, n));
            for (int i = 0; i < slots.length; i++) {
                assertThat(slots[i]).isEqualTo((int) all.get(i)[1]);
                assertThat(scores[i]).isEqualTo(all.get(i)[0]);
            }
        }
    }
}
