package dev.agentmemory.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Limits;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.ValidationException;
import dev.agentmemory.VersionConflictException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs it: core's validation. Every refusal carries its
 * error code and names the store and the operation, and leaves storage as it was. A fault is
 * kept planned through each test: a refusal that reached a commit would use it up.
 */
class ValidationTest extends ReferenceStores {
    private final ReferenceFaults faults = new ReferenceFaults();
    private MemoryStore store;
    private Namespace ns;
    private MemoryId existing;

    @BeforeEach
    void openStore() {
        store = open(b -> b.attribute(ReferenceFaults.KEY, faults).limits(new Limits(50, 4, 20, 8, 10, 10, 5)));
        ns = store.namespace("tenant", "checked");
        existing = ns.put(draft("existing", 1)); // fixes the dimension at 4
        faults.failNextCommits(1, FailureKind.PERMANENT);
    }

    private void assertRefused(ErrorCode code, String operation, ThrowingCallable call) {
        ValidationException e = catchThrowableOfType(ValidationException.class, call);
        assertThat(e).as("%s refused with %s", operation, code).isNotNull();
        assertThat(e.code()).as("code; message: %s", e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).contains(store.describe()).contains(operation);
        assertThat(faults.pending()).as("no refused call reached a commit").isEqualTo(1);
        assertThat(ns.list(dev.agentmemory.ListQuery.first(10)).items()).extracting(Memory::content)
                .containsExactly("existing");
    }

    @Test
    void identifiers_contents_vectors_and_metadata_are_checked_before_storage() {
        assertRefused(ErrorCode.INVALID_IDENTIFIER, "namespace",
                () -> store.namespace("no spaces allowed", "ns").put(draft("x", 2)));
        assertRefused(ErrorCode.CONTENT_TOO_LARGE, "put", () -> ns.put(draft("x".repeat(51), 2)));
        assertRefused(ErrorCode.INVALID_VECTOR, "put",
                () -> ns.put(MemoryDraft.of("nan").embedding(new float[] {1, Float.NaN, 0, 0})));
        assertRefused(ErrorCode.INVALID_IDENTIFIER, "put", () -> ns.put(draft("x", 2).metadata("bad key", 1)));
        assertRefused(ErrorCode.INVALID_METADATA, "put", () -> ns.put(draft("x", 2).metadata("k", "v".repeat(21))));
        assertRefused(ErrorCode.LIMIT_EXCEEDED, "putAll", () -> ns.putAll(java.util.Collections.nCopies(6,
                draft("batch", 3))));
    }

    @Test
    void a_dimension_mismatch_is_refused_inside_the_write_and_rolled_back() {
        assertRefused(ErrorCode.DIMENSION_MISMATCH, "put",
                () -> ns.put(MemoryDraft.of("three").embedding(new float[] {1, 2, 3})));
    }

    @Test
    void filters_are_checked_before_they_reach_storage() {
        assertRefused(ErrorCode.INVALID_FILTER, "count", () -> ns.count(Filter.eq("not a key", 1)));
        assertRefused(ErrorCode.INVALID_FILTER, "deleteWhere", () -> ns.deleteWhere(Filter.in("k", java.util.List.of())));
    }

    @Test
    void an_update_at_a_stale_version_is_a_conflict_and_changes_nothing() {
        VersionConflictException e = catchThrowableOfType(VersionConflictException.class,
                () -> ns.update(existing, 7, draft("stale", 1)));
        assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT);
        assertThat(ns.get(existing)).map(Memory::version).contains(1L);
        assertThat(faults.pending()).isEqualTo(1);
    }
}
