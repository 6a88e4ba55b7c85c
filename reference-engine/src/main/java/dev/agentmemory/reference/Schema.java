package dev.agentmemory.reference;

import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryVersion;
import java.util.Comparator;
import java.util.Objects;
import java.util.OptionalInt;

/** Thread-safe: immutable row types only. The rows of the tables that hold no public type. */
final class Schema {
    private Schema() {}

    /**
     * A namespace: its change counter and, once the first memory is written, its dimension.
     *
     * @param seq the change counter
     * @param dimension the fixed embedding dimension, empty if none yet
     * @param incarnation changed by every erasure; a row created anew gets a random one
     */
    record NamespaceRow(long seq, OptionalInt dimension, long incarnation) {
        NamespaceRow {
            Objects.requireNonNull(dimension, "dimension");
        }

        /** The row of a namespace created now. */
        static NamespaceRow created() {
            return new NamespaceRow(0, OptionalInt.empty(), java.util.concurrent.ThreadLocalRandom.current()
                    .nextLong(2, Long.MAX_VALUE));
        }

        NamespaceRow withSeq(long next) {
            return new NamespaceRow(next, dimension, incarnation);
        }

        NamespaceRow withDimension(int fixed) {
            return new NamespaceRow(seq, OptionalInt.of(fixed), incarnation);
        }

        /** The row after an erasure: the counter advanced, another incarnation. */
        NamespaceRow reincarnated() {
            return new NamespaceRow(seq + 1, dimension, incarnation + 1);
        }
    }

    /**
     * What is left of a deleted memory for the change feed: one per id, the latest delete.
     *
     * @param namespace the namespace it was deleted from
     * @param seq the seq of the delete
     */
    record Tombstone(String namespace, long seq) {}

    /**
     * An archived version of a memory.
     *
     * @param version the version, with the namespace it was in
     * @param replacedSeq the seq of the write that replaced it (with the id and namespace, the key)
     */
    record HistoryEntry(MemoryVersion version, long replacedSeq) {}

    /**
     * The primary key of a link: one link per source, type and target.
     *
     * @param from the source
     * @param type the link type
     * @param to the target
     */
    record LinkKey(MemoryId from, String type, MemoryId to) implements Comparable<LinkKey> {
        private static final Comparator<LinkKey> ORDER = Comparator.comparing(LinkKey::from)
                .thenComparing(LinkKey::type).thenComparing(LinkKey::to);

        @Override
        public int compareTo(LinkKey other) {
            return ORDER.compare(this, other);
        }
    }
}
