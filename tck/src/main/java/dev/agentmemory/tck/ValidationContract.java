package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Limits;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Metadata;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
import dev.agentmemory.tck.support.Strings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: the validation contract.
 *
 * <p>Each rejection is a {@link ValidationException} with the right {@link ErrorCode} and a
 * message naming the store and the operation, and nothing is stored: identifiers, vectors,
 * dimensions, every {@link Limits} bound (with small limits, at the bound and one past it),
 * metadata, and malformed filters.
 */
public interface ValidationContract extends StoreFixture {
    /** Identifiers that break {@link Limits#IDENTIFIER_PATTERN}, injection attempts included. */
    List<String> BAD_IDENTIFIERS = List.of("", "a b", "x'; DROP TABLE memories; --",
            Strings.repeat('a', 65), "%", "_x", "-x", ".x", "a/b", "caf\u00e9", "a\u0000b", "a\nb");

    /** Small limits, so that each bound is reached with little data. */
    Limits SMALL = new Limits(50, 3, 10, 16, 20, 25, 5);
    /** The vector dimension of this area's memories. */
    int DIM = 4;

    /**
     * Immutable and thread-safe: a store with {@link #SMALL} limits, a namespace in it and the
     * one memory it holds.
     */
    record Small(MemoryStore store, Namespace ns, Memory existing) {}

    private Small openSmall() {
        MemoryStore small = openStore(SMALL);
        Namespace ns = small.namespace(newTenant(), "validation");
        return new Small(small, ns, ns.get(ns.put(draft("existing", DIM))).orElseThrow());
    }

    /** Asserts the rejection, and that the namespace still holds only the existing memory, unchanged. */
    private void assertRejectedAndUnchanged(Small v, ErrorCode code, String operation, Runnable call) {
        assertRejected(v.store(), code, operation, call::run);
        assertThat(v.ns().count()).as("nothing stored after a rejected %s", operation).isEqualTo(1);
        assertThat(v.ns().get(v.existing().id())).as("nothing changed after a rejected %s", operation)
                .contains(v.existing());
    }

    @Test
    default void invalid_tenant_and_namespace_names_are_rejected() {
        MemoryStore store = store();
        for (String bad : BAD_IDENTIFIERS) {
            ValidationException e = assertRejected(store, ErrorCode.INVALID_IDENTIFIER, "namespace",
                    () -> store.namespace(bad, "ok"));
            if (bad.length() > 2 && bad.chars().allMatch(c -> c >= 0x20)) {
                assertThat(e.getMessage()).as("the message shows the bad name").contains(bad);
            }
            assertRejected(store, ErrorCode.INVALID_IDENTIFIER, "namespace", () -> store.namespace("ok", bad));
            assertRejected(store, ErrorCode.INVALID_IDENTIFIER, "search",
                    () -> store.search(bad, List.of("ok"), Search.vector(vector(DIM))));
            assertRejected(store, ErrorCode.INVALID_IDENTIFIER, "search",
                    () -> store.search("ok", List.of("fine", bad), Search.vector(vector(DIM))));
            assertRejected(store, ErrorCode.INVALID_IDENTIFIER, "inTransaction",
                    () -> store.inTransaction(bad, tx -> null));
        }
        String tenant = newTenant();
        for (String bad : BAD_IDENTIFIERS) {
            ValidationException e = catchThrowableOfType(ValidationException.class, () -> store.inTransaction(tenant,
                    tx -> tx.put(bad, draft("x", DIM))));
            assertThat(e).as("tx.put into namespace '%s'", bad).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER);
        }
        String longest = "a" + Strings.repeat('b', 63);
        assertThat(store.namespace(longest, longest).count()).as("64 characters are fine").isZero();
        assertThat(store.namespace("A0_.-", "z").count()).isZero();
    }

    @Test
    default void invalid_metadata_keys_are_rejected() {
        Small v = openSmall();
        Namespace ns = v.ns();
        Memory existing = v.existing();
        for (String bad : BAD_IDENTIFIERS) {
            MemoryDraft d = draft("content", DIM).metadata(bad, "v");
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_IDENTIFIER, "put", () -> ns.put(d));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_IDENTIFIER, "putAll", () -> ns.putAll(List.of(draft("ok", DIM), d)));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_IDENTIFIER, "update", () -> ns.update(existing.id(), 1, d));
        }
    }

    @Test
    default void text_that_is_not_unicode_is_rejected_and_valid_pairs_round_trip() {
        Small v = openSmall();
        MemoryStore small = v.store();
        Namespace ns = v.ns();
        Memory existing = v.existing();
        String lone = "half a pair \ud83d here";
        String reversed = "\ude00\ud83d";
        for (String bad : List.of(lone, reversed, "\udfff")) {
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_ARGUMENT, "put", () -> ns.put(draft(bad, DIM)));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_ARGUMENT, "update",
                    () -> ns.update(existing.id(), 1, draft(bad, DIM)));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_METADATA, "put",
                    () -> ns.put(draft("fine", DIM).metadata("k", bad)));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_FILTER, "count", () -> ns.count(Filter.eq("k", bad)));
            assertRejected(small, ErrorCode.INVALID_ARGUMENT, "append",
                    () -> small.conversation(ns.tenant(), "unicode").append("user", bad));
        }
        assertThat(small.conversation(ns.tenant(), "unicode").size()).isZero();
        String pair = "a real pair \ud83d\ude00 and more";
        MemoryId id = ns.put(draft(pair, DIM).metadata("k", "\ud83d\ude00!"));
        Memory stored = ns.get(id).orElseThrow();
        assertThat(stored.content()).isEqualTo(pair);
        assertThat(stored.metadata().getString("k")).contains("\ud83d\ude00!");
    }

    @Test
    default void invalid_embeddings_are_rejected() {
        Small v = openSmall();
        MemoryStore small = v.store();
        Namespace ns = v.ns();
        Memory existing = v.existing();
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            MemoryDraft d = MemoryDraft.of("x").embedding(new float[] {1, bad, 3, 4});
            assertThat(assertRejected(small, ErrorCode.INVALID_VECTOR, "put", () -> ns.put(d)).getMessage())
                    .as("the message shows the bad component").contains(String.valueOf(bad));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_VECTOR, "put", () -> ns.put(d));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_VECTOR, "update", () -> ns.update(existing.id(), 1, d));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_VECTOR, "search",
                    () -> ns.search(Search.vector(new float[] {bad, 0, 0, 1})));
        }
        assertRejectedAndUnchanged(v, ErrorCode.INVALID_VECTOR, "put", () -> ns.put(MemoryDraft.of("x").embedding(new float[0])));
        assertRejectedAndUnchanged(v, ErrorCode.INVALID_VECTOR, "put", () -> ns.put(MemoryDraft.of("no embedding")));
        assertRejectedAndUnchanged(v, ErrorCode.INVALID_VECTOR, "search", () -> ns.search(Search.vector(new float[0])));
    }

    @Test
    default void a_dimension_other_than_the_namespace_first_memory_is_rejected() {
        Small v = openSmall();
        MemoryStore small = v.store();
        Namespace ns = v.ns();
        Memory existing = v.existing();
        assertRejectedAndUnchanged(v, ErrorCode.DIMENSION_MISMATCH, "put", () -> ns.put(draft("x", DIM + 1)));
        assertThat(assertRejected(small, ErrorCode.DIMENSION_MISMATCH, "put", () -> ns.put(draft("x", 7))).getMessage())
                .as("the message gives both dimensions").contains("7").contains(String.valueOf(DIM));
        assertRejectedAndUnchanged(v, ErrorCode.DIMENSION_MISMATCH, "putAll", () -> ns.putAll(List.of(draft("x", DIM - 1))));
        assertRejectedAndUnchanged(v, ErrorCode.DIMENSION_MISMATCH, "update", () -> ns.update(existing.id(), 1, draft("x", 2)));
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> small.inTransaction(ns.tenant(), tx -> tx.put(ns.name(), draft("x", DIM + 2))));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.DIMENSION_MISMATCH);
        assertThat(ns.count()).isEqualTo(1);
        assertThat(small.namespace(ns.tenant(), "other").put(draft("another dimension elsewhere", DIM + 1))).isNotNull();
    }

    @Test
    default void a_vector_above_the_dimension_limit_is_rejected() {
        Small v = openSmall();
        MemoryStore small = v.store();
        Namespace ns = v.ns();
        Namespace fresh = small.namespace(ns.tenant(), "fresh");
        assertThat(fresh.put(draft("at the limit", 16))).isNotNull();
        assertRejected(small, ErrorCode.LIMIT_EXCEEDED, "put", () -> small.namespace(ns.tenant(), "wide").put(draft("x", 17)));
        assertThat(small.namespace(ns.tenant(), "wide").count()).isZero();
    }

    @Test
    default void content_over_the_limit_is_rejected() {
        Small v = openSmall();
        MemoryStore small = v.store();
        Namespace ns = v.ns();
        Memory existing = v.existing();
        assertThat(ns.put(draft(Strings.repeat('c', 50), DIM))).as("content at the limit").isNotNull();
        ns.delete(listAll(ns, ListQuery.first(10)).get(1).id());
        String tooLong = Strings.repeat('c', 51);
        assertRejectedAndUnchanged(v, ErrorCode.CONTENT_TOO_LARGE, "put", () -> ns.put(draft(tooLong, DIM)));
        assertThat(assertRejected(small, ErrorCode.CONTENT_TOO_LARGE, "put", () -> ns.put(draft(tooLong, DIM))).getMessage())
                .as("the message gives the size and the limit").contains("51").contains("50");
        assertRejectedAndUnchanged(v, ErrorCode.CONTENT_TOO_LARGE, "putAll", () -> ns.putAll(List.of(draft("ok", DIM), draft(tooLong, DIM))));
        assertRejectedAndUnchanged(v, ErrorCode.CONTENT_TOO_LARGE, "update", () -> ns.update(existing.id(), 1, draft(tooLong, DIM)));
    }

    @Test
    default void too_many_or_oversized_metadata_entries_are_rejected() {
        Small v = openSmall();
        Namespace ns = v.ns();
        Memory existing = v.existing();
        Map<String, Object> three = Map.of("a", 1, "b", "0123456789", "c", true);
        MemoryId atLimit = ns.put(draft("at the limits", DIM).metadata(three));
        assertThat(ns.get(atLimit).orElseThrow().metadata().size()).isEqualTo(3);
        ns.delete(atLimit);
        Map<String, Object> four = new HashMap<>(three);
        four.put("d", 2.5);
        assertRejectedAndUnchanged(v, ErrorCode.INVALID_METADATA, "put", () -> ns.put(draft("x", DIM).metadata(four)));
        assertRejectedAndUnchanged(v, ErrorCode.INVALID_METADATA, "update",
                () -> ns.update(existing.id(), 1, draft("x", DIM).metadata(four)));
        MemoryDraft oversized = draft("x", DIM).metadata("s", "01234567890");
        assertRejectedAndUnchanged(v, ErrorCode.INVALID_METADATA, "put", () -> ns.put(oversized));
        assertRejectedAndUnchanged(v, ErrorCode.INVALID_METADATA, "putAll", () -> ns.putAll(List.of(oversized)));
    }

    @Test
    default void unsupported_metadata_value_types_are_rejected_when_the_draft_is_built() {
        for (Object bad : new Object[] {new Object(), List.of(1), 'c', new java.math.BigDecimal("1.5"), null}) {
            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> MemoryDraft.of("x").metadata("k", bad));
            assertThat(e).as("metadata value %s", bad).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_METADATA);
            Map<String, Object> map = new HashMap<>();
            map.put("k", bad);
            assertThat(catchThrowableOfType(ValidationException.class, () -> Metadata.of(map))).isNotNull();
        }
    }

    @Test
    default void topK_page_size_and_batch_size_limits_are_enforced() {
        Small v = openSmall();
        MemoryStore small = v.store();
        Namespace ns = v.ns();
        ns.putAll(List.of(draft("a", DIM), draft("b", DIM), draft("c", DIM), draft("d", DIM)));
        assertThat(ns.search(Search.vector(vector(DIM)).topK(20))).hasSize(5);
        for (int k : new int[] {0, -3, 21}) {
            assertRejected(small, ErrorCode.LIMIT_EXCEEDED, "search", () -> ns.search(Search.vector(vector(DIM)).topK(k)));
            assertRejected(small, ErrorCode.LIMIT_EXCEEDED, "search",
                    () -> small.search(ns.tenant(), List.of(ns.name()), Search.vector(vector(DIM)).topK(k)));
        }
        assertRejected(small, ErrorCode.LIMIT_EXCEEDED, "list", () -> ns.list(ListQuery.first(26)));
        List<MemoryDraft> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(draft("batch " + i, DIM));
        }
        assertThat(assertRejected(small, ErrorCode.LIMIT_EXCEEDED, "putAll", () -> ns.putAll(six)).getMessage())
                .as("the message gives the batch size and the limit").contains("6").contains("5");
        assertThat(ns.count()).as("nothing of the oversized batch stored").isEqualTo(5);
        assertThat(ns.putAll(six.subList(0, 5))).as("a batch at the limit").hasSize(5);
    }

    @Test
    default void malformed_filters_are_rejected_everywhere() {
        Small v = openSmall();
        MemoryStore small = v.store();
        Namespace ns = v.ns();
        List<Filter> bad = List.of(
                Filter.eq("a b", 1),
                Filter.exists("x'; DROP TABLE memories; --"),
                Filter.in("_k", List.of(1)),
                Filter.and(Filter.exists("ok"), Filter.gt("%", 2)),
                Filter.not(Filter.lt(Strings.repeat('k', 65), 2)),
                new Filter.Exists(Filter.Field.CREATED_AT),
                new Filter.Exists(Filter.Field.UPDATED_AT),
                Filter.in("k", List.of()),
                Filter.notIn("k", List.of()));
        for (Filter f : bad) {
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_FILTER, "list", () -> ns.list(ListQuery.first(10).where(f)));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_FILTER, "count", () -> ns.count(f));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_FILTER, "deleteWhere", () -> ns.deleteWhere(f));
            assertRejectedAndUnchanged(v, ErrorCode.INVALID_FILTER, "search", () -> ns.search(Search.vector(vector(DIM)).where(f)));
            assertRejected(small, ErrorCode.INVALID_FILTER, "search",
                    () -> small.search(ns.tenant(), List.of(ns.name()), Search.vector(vector(DIM)).where(f)));
        }
        ValidationException wrongType = catchThrowableOfType(ValidationException.class,
                () -> Filter.compare(Filter.Field.CREATED_AT, Filter.Op.GT, "yesterday"));
        assertThat(wrongType).isNotNull();
        assertThat(wrongType.code()).isEqualTo(ErrorCode.INVALID_FILTER);
    }
}
