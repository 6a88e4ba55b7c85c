package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Limits;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.Metadata;
import dev.agentmemory.Namespace;
import dev.agentmemory.ValidationException;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.tck.support.FilterOracle;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: the create, read, update and delete
 * contract, single and batched.
 *
 * <p>Covers the round trip of every field (content, the embedding bit for bit, metadata of
 * every type with int and float widening, timestamps, version, tenant and namespace),
 * {@code putAll} atomicity, {@code getAll} order and de-duplication, optimistic updates,
 * deletes, {@code deleteWhere} and counts.
 */
public interface CrudContract extends StoreFixture {

    @Test
    default void put_then_get_returns_every_field_as_written() {
        Namespace ns = newNamespace();
        float[] embedding = {0.25f, -0.0f, Float.MIN_VALUE, 1e18f, -123.456f, -2.5e-17f, 1.17549435e-38f, 7f};
        String content = "Alice's team meets on Tuesdays \u00e9\ud83d\ude00 'quoted' \"double\" \\ %_ \n\ttabs";
        MemoryDraft draft = MemoryDraft.of(content).embedding(embedding)
                .metadata("str", "calendar \ud83d\udcc5")
                .metadata("empty", "")
                .metadata("long", Long.MAX_VALUE)
                .metadata("neg", Long.MIN_VALUE)
                .metadata("int", 42)
                .metadata("short", (short) -7)
                .metadata("byte", (byte) 3)
                .metadata("dbl", Math.PI)
                .metadata("tiny", 4.9e-324)
                .metadata("flt", 0.1f)
                .metadata("yes", true)
                .metadata("no", false);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        MemoryId id = ns.put(draft);

        Instant after = Instant.now().plus(1, ChronoUnit.MICROS);
        Memory m = ns.get(id).orElseThrow(() -> new AssertionError("memory " + id + " not found after put"));
        assertThat(m.id()).isEqualTo(id);
        assertThat(m.tenant()).isEqualTo(ns.tenant());
        assertThat(m.namespace()).isEqualTo(ns.name());
        assertThat(m.content()).isEqualTo(content);
        assertThat(m.embedding()).as("embedding, bit for bit").containsExactly(embedding);
        for (int i = 0; i < embedding.length; i++) {
            assertThat(Float.floatToRawIntBits(m.embedding()[i])).as("bits of component %d", i)
                    .isEqualTo(Float.floatToRawIntBits(embedding[i]));
        }
        Map<String, Object> expected = Map.ofEntries(Map.entry("str", "calendar \ud83d\udcc5"), Map.entry("empty", ""),
                Map.entry("long", Long.MAX_VALUE), Map.entry("neg", Long.MIN_VALUE), Map.entry("int", 42L),
                Map.entry("short", -7L), Map.entry("byte", 3L), Map.entry("dbl", Math.PI), Map.entry("tiny", 4.9e-324),
                Map.entry("flt", (double) 0.1f), Map.entry("yes", true), Map.entry("no", false));
        assertThat(m.metadata().asMap()).as("metadata with int widened to long, float to double")
                .containsExactlyInAnyOrderEntriesOf(expected);
        m.metadata().asMap().forEach((k, v) -> assertThat(v).as("type of %s", k).isExactlyInstanceOf(expected.get(k).getClass()));
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.updatedAt()).as("updatedAt equals createdAt at insert").isEqualTo(m.createdAt());
        assertThat(m.createdAt()).isBetween(before, after);
        assertThat(m.createdAt().getNano() % 1000).as("microsecond precision").isZero();
        assertThat(ns.count()).isEqualTo(1);
    }

    @Test
    default void get_of_an_unknown_id_is_empty() {
        Namespace ns = newNamespace();
        ns.put(draft("x", 4));
        assertThat(ns.get(MemoryId.generate())).isEmpty();
    }

    @Test
    default void putAll_returns_ids_in_order_and_stores_all() {
        Namespace ns = newNamespace();
        List<MemoryDraft> drafts = data().drafts("batch-", 25, 8);

        List<MemoryId> ids = ns.putAll(drafts);

        assertThat(ids).hasSize(25).doesNotHaveDuplicates().isSorted();
        for (int i = 0; i < ids.size(); i++) {
            Memory m = ns.get(ids.get(i)).orElseThrow();
            assertThat(m.content()).as("memory %d", i).isEqualTo(drafts.get(i).content());
            assertThat(m.embedding()).as("memory %d", i).containsExactly(drafts.get(i).embedding());
            assertThat(m.metadata()).as("memory %d", i).isEqualTo(drafts.get(i).metadata());
            assertThat(m.version()).isEqualTo(1);
        }
        assertThat(ns.count()).isEqualTo(25);
        assertThat(ns.putAll(List.of())).as("an empty batch").isEmpty();
        assertThat(ns.count()).isEqualTo(25);
    }

    @Test
    default void putAll_with_one_invalid_draft_stores_nothing() {
        Namespace ns = newNamespace();
        ns.put(draft("first", 8));
        List<MemoryDraft> withNaN = new ArrayList<>(data().drafts("ok-", 5, 8));
        withNaN.add(3, MemoryDraft.of("bad").embedding(new float[] {1, 2, 3, 4, 5, 6, 7, Float.NaN}));
        List<MemoryDraft> wrongDimension = new ArrayList<>(data().drafts("ok-", 5, 8));
        wrongDimension.add(MemoryDraft.of("bad").embedding(vector(9)));
        List<MemoryDraft> allWrongDimension = data().drafts("bad-", 3, 5);
        List<MemoryDraft> noEmbedding = new ArrayList<>(data().drafts("ok-", 2, 8));
        noEmbedding.add(MemoryDraft.of("no vector"));

        for (List<MemoryDraft> batch : List.of(withNaN, wrongDimension, allWrongDimension, noEmbedding)) {
            ValidationException e = catchThrowableOfType(ValidationException.class, () -> ns.putAll(batch));
            assertThat(e).as("putAll of %s", batch).isNotNull();
            assertThat(ns.count()).as("nothing stored after %s", e.getMessage()).isEqualTo(1);
        }
    }

    @Test
    default void getAll_keeps_order_skips_missing_and_removes_duplicates() {
        Namespace ns = newNamespace();
        List<MemoryId> ids = ns.putAll(data().drafts("m", 5, 4));
        MemoryId missing = MemoryId.generate();

        List<Memory> got = ns.getAll(List.of(ids.get(3), missing, ids.get(0), ids.get(3), ids.get(1), ids.get(0)));

        assertThat(ids(got)).containsExactly(ids.get(3), ids.get(0), ids.get(1));
        assertThat(got.get(0)).isEqualTo(ns.get(ids.get(3)).orElseThrow());
        assertThat(ns.getAll(List.of())).isEmpty();
        assertThat(ns.getAll(List.of(missing))).isEmpty();
    }

    @Test
    default void update_with_the_current_version_replaces_and_bumps_the_version() {
        Namespace ns = newNamespace(clockedStore());
        MemoryId id = ns.put(MemoryDraft.of("v1").embedding(vector(6)).metadata("a", 1).metadata("gone", "x"));
        Memory v1 = ns.get(id).orElseThrow();
        clock().advance(Duration.ofMillis(2));
        MemoryDraft replacement = MemoryDraft.of("v2").embedding(vector(6)).metadata("a", 2.5).metadata("b", true);

        Memory v2 = ns.update(id, 1, replacement);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.content()).isEqualTo("v2");
        assertThat(v2.embedding()).containsExactly(replacement.embedding());
        assertThat(v2.metadata()).as("metadata replaced, not merged").isEqualTo(replacement.metadata());
        assertThat(v2.createdAt()).isEqualTo(v1.createdAt());
        assertThat(v2.updatedAt()).isAfter(v1.updatedAt());
        assertThat(ns.get(id)).as("get returns what update returned").contains(v2);

        clock().advance(Duration.ofNanos(1000));
        Memory v3 = ns.update(id, 2, v2.toDraft().content("v3"));
        assertThat(v3.version()).isEqualTo(3);
        assertThat(v3.updatedAt()).as("one microsecond later").isAfter(v2.updatedAt());
        assertThat(ns.count()).isEqualTo(1);
    }

    @Test
    default void created_and_updated_times_are_the_store_clock_to_the_microsecond() {
        Namespace ns = newNamespace(clockedStore());
        clock().advance(Duration.ofNanos(1_234_567));
        Instant put = clock().instant();
        List<MemoryId> ids = ns.putAll(data().drafts("timed", 3, 4));
        clock().advance(Duration.ofSeconds(5));
        Memory updated = ns.update(ids.get(1), 1, draft("later", 4));

        Instant micros = put.truncatedTo(ChronoUnit.MICROS);
        assertThat(ns.getAll(ids)).extracting(Memory::createdAt).as("a batch shares its instant, to the microsecond")
                .containsOnly(micros);
        assertThat(updated.updatedAt()).isEqualTo(micros.plusSeconds(5));
        assertThat(updated.createdAt()).isEqualTo(micros);
        assertThat(ns.count(Filter.updatedAfter(micros))).as("only the updated memory moved its updated time")
                .isEqualTo(1);
        assertThat(ns.count(Filter.createdBetween(micros, micros.plusNanos(1000)))).isEqualTo(3);
        assertThat(ns.count(Filter.createdAfter(micros))).as("nothing created after the batch's instant").isZero();
    }

    @Test
    default void update_with_a_stale_version_conflicts_and_changes_nothing() {
        Namespace ns = newNamespace();
        MemoryId id = ns.put(draft("original", 4));
        Memory v2 = ns.update(id, 1, draft("second", 4));

        VersionConflictException e = catchThrowableOfType(VersionConflictException.class,
                () -> ns.update(id, 1, draft("lost update", 4)));

        assertThat(e).as("update with version 1 of a memory at version 2").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT);
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.expectedVersion()).isEqualTo(1);
        assertThat(e.actualVersion()).isEqualTo(2);
        assertThat(e.getMessage()).contains(id.toString());
        assertThat(ns.get(id)).contains(v2);
        VersionConflictException ahead = catchThrowableOfType(VersionConflictException.class,
                () -> ns.update(id, 7, draft("from the future", 4)));
        assertThat(ahead).isNotNull();
        assertThat(ahead.actualVersion()).isEqualTo(2);
        assertThat(ns.get(id)).contains(v2);
    }

    @Test
    default void update_of_a_missing_id_is_not_found() {
        Namespace ns = newNamespace();
        ns.put(draft("present", 4));
        MemoryId missing = MemoryId.generate();

        MemoryNotFoundException e = catchThrowableOfType(MemoryNotFoundException.class,
                () -> ns.update(missing, 1, draft("x", 4)));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(e.id()).isEqualTo(missing);
        assertThat(ns.count()).isEqualTo(1);
        assertThat(ns.get(missing)).isEmpty();
    }

    @Test
    default void delete_returns_true_once_and_the_memory_is_gone() {
        Namespace ns = newNamespace();
        MemoryId keep = ns.put(draft("keep", 4));
        MemoryId id = ns.put(draft("doomed", 4));

        assertThat(ns.delete(id)).isTrue();
        assertThat(ns.delete(id)).as("second delete").isFalse();
        assertThat(ns.get(id)).isEmpty();
        assertThat(ns.getAll(List.of(id, keep))).extracting(Memory::id).containsExactly(keep);
        assertThat(ns.count()).isEqualTo(1);
        assertThat(ns.delete(MemoryId.generate())).isFalse();
        assertThat(catchThrowableOfType(MemoryNotFoundException.class, () -> ns.update(id, 1, draft("x", 4))))
                .as("update after delete").isNotNull();
    }

    @Test
    default void deleteWhere_removes_exactly_the_matching_memories_and_counts_them() {
        Namespace ns = newNamespace();
        ns.putAll(data().drafts("m", 60, 4));
        List<Memory> before = listAll(ns);
        Filter filter = Filter.or(Filter.eq("b", true), Filter.gt("n", 2));
        List<Memory> doomed = FilterOracle.select(filter, before);
        assertThat(doomed).as("the seeded data has matches (%s)", seedInfo()).isNotEmpty();

        long deleted = ns.deleteWhere(filter);

        assertThat(deleted).as(seedInfo()).isEqualTo(doomed.size());
        List<Memory> after = listAll(ns);
        assertThat(after).as(seedInfo()).containsExactlyElementsOf(
                before.stream().filter(m -> !FilterOracle.matches(filter, m)).toList());
        assertThat(ns.deleteWhere(filter)).as("nothing left to delete").isZero();
        assertThat(ns.count()).isEqualTo(after.size());
    }

    @Test
    default void count_and_count_with_filter() {
        Namespace ns = newNamespace();
        assertThat(ns.count()).as("a new namespace").isZero();
        assertThat(ns.count(Filter.exists("s"))).isZero();
        ns.putAll(data().drafts("m", 40, 4));
        List<Memory> all = listAll(ns);

        assertThat(ns.count()).isEqualTo(40);
        for (Filter f : List.of(Filter.exists("s"), Filter.eq("b", false), Filter.not(Filter.exists("n")))) {
            assertThat(ns.count(f)).as("count(%s), %s", f, seedInfo()).isEqualTo(FilterOracle.select(f, all).size());
        }
    }

    @Test
    default void metadata_from_a_map_and_toDraft_round_trip() {
        Namespace ns = newNamespace();
        Metadata md = Metadata.of(Map.of("k1", "v", "k2", 2, "k3", 2.5f, "k4", false));
        MemoryId id = ns.put(MemoryDraft.of("c").embedding(vector(3)).metadata(md));
        Memory m = ns.get(id).orElseThrow();

        assertThat(m.metadata()).isEqualTo(md);
        Memory again = ns.get(ns.put(m.toDraft())).orElseThrow();
        assertThat(Optional.of(again.metadata())).contains(m.metadata());
        assertThat(again.embedding()).containsExactly(m.embedding());
    }

    @Test
    default void control_characters_in_content_and_metadata_round_trip() {
        Namespace ns = newNamespace();
        String content = "nul\u0000inside, bell\u0007, del\u007f, bom\ufeff, line\u2028sep, \r\n";
        MemoryId id = ns.put(MemoryDraft.of(content).embedding(vector(4)).metadata("k", "a\u0000b"));

        Memory m = ns.get(id).orElseThrow();

        assertThat(m.content()).isEqualTo(content);
        assertThat(m.metadata().getString("k")).contains("a\u0000b");
        assertThat(ns.count(Filter.eq("k", "a\u0000b"))).as("a filter on a value holding NUL").isEqualTo(1);
        assertThat(ns.count(Filter.eq("k", "a"))).as("NUL does not truncate the value").isZero();
    }

    @Test
    default void batches_at_the_default_limit_and_long_id_lists_work() {
        Namespace ns = newNamespace();
        int n = Limits.DEFAULTS.maxBatchSize();
        List<MemoryDraft> drafts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            drafts.add(MemoryDraft.of("bulk " + i).embedding(new float[] {i, 1, -i, 2}).metadata("i", i));
        }

        List<MemoryId> ids = ns.putAll(drafts);

        assertThat(ids).hasSize(n).doesNotHaveDuplicates();
        assertThat(ns.count()).isEqualTo(n);
        // getAll is bounded by maxPageSize distinct ids (see the report on its javadoc); repeats do not count.
        List<MemoryId> asked = new ArrayList<>(ids.subList(0, 600));
        for (int i = 0; i < 400; i++) {
            asked.add(MemoryId.generate());
        }
        java.util.Collections.reverse(asked);
        asked.addAll(ids.subList(0, 600));
        List<MemoryId> expected = new ArrayList<>(ids.subList(0, 600));
        java.util.Collections.reverse(expected);
        List<Memory> got = ns.getAll(asked);
        assertThat(ids(got)).as("getAll of %d ids, 1000 distinct, 600 present", asked.size())
                .containsExactlyElementsOf(expected);
        assertThat(ns.count(Filter.in("i", java.util.stream.IntStream.range(0, 1000).boxed().toList()))).isEqualTo(1000);
        assertThat(ns.deleteWhere(Filter.gte("i", 10))).isEqualTo(n - 10);
        assertThat(ns.count()).isEqualTo(10);
    }
}
