package dev.agentmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.StorageException.FailureKind;
import org.junit.jupiter.api.Test;

/** The store names itself once in a message, however many layers add context. */
class MemoryStoreExceptionTest {
    private static final String STORE = "postgresql://db.internal:5432/agent";

    @Test
    void a_backend_message_tagged_with_the_same_store_keeps_one_tag() {
        StorageException engine = new StorageException(FailureKind.UNAVAILABLE,
                "[" + STORE + "] database failure: connection refused; nothing was applied", null);

        StorageException wrapped = engine.withContext("[" + STORE + "] put(alice/personal) failed: ");

        assertThat(wrapped.getMessage()).isEqualTo("[" + STORE + "] put(alice/personal) failed: database failure:"
                + " connection refused; nothing was applied");
        assertThat(wrapped.kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(wrapped.code()).isEqualTo(ErrorCode.STORAGE_TRANSIENT);
    }

    @Test
    void a_message_without_the_tag_or_with_another_store_is_kept_whole() {
        MemoryStoreException plain = new MemoryStoreException(ErrorCode.INVALID_ARGUMENT, "topK is 0");
        MemoryStoreException other = new MemoryStoreException(ErrorCode.STORAGE_FAILURE, "[sqlite:b.db] disk full");

        assertThat(plain.withContext("[sqlite:a.db] search(t/[n]) failed: ").getMessage())
                .isEqualTo("[sqlite:a.db] search(t/[n]) failed: topK is 0");
        assertThat(other.withContext("[sqlite:a.db] put(t/n) failed: ").getMessage())
                .isEqualTo("[sqlite:a.db] put(t/n) failed: [sqlite:b.db] disk full");
        assertThat(plain.withContext("put(t/n) failed: ").getMessage()).isEqualTo("put(t/n) failed: topK is 0");
    }
}
