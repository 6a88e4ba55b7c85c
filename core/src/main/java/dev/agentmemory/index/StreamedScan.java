package dev.agentmemory.index;

import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Search;
import dev.agentmemory.spi.ChangeFeed;
import dev.agentmemory.spi.StoredMemory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Confined to the calling thread: one exact search of a namespace that is too large to hold,
 * read from the database page by page ({@link ChangeFeed#livePage}) through the same
 * {@link SlotStore}, {@link FloatVectorScorer}, {@link ExactScan} and {@link TopK} a resident
 * index uses, so it returns what an exact search of a resident index would. Only one page and
 * the best topK memories are in the heap at a time.
 *
 * <p>Each page may come from a snapshot of its own: a memory written while the scan runs may be
 * missed or seen, as if the search ran a little earlier or later; one deleted before the search
 * began is never returned.
 */
public final class StreamedScan {
    /** Rows per page: the same pages as a full load's. */
    public static final int PAGE = Freshness.PAGE;

    /** The best matches and how many live memories were streamed. */
    public record Result(List<Match> matches, long streamed) {}

    private static final Comparator<Match> RANK = Comparator.comparingDouble(Match::score).reversed()
            .thenComparing(m -> m.memory().id());

    private final String tenant;
    private final String namespace;
    private final VectorKernel kernel = VectorKernels.preferred();

    /** A scan of one namespace. */
    public StreamedScan(String tenant, String namespace) {
        this.tenant = tenant;
        this.namespace = namespace;
    }

    /**
     * The exact top-k of the namespace as the feed pages it.
     *
     * @param upTo rows with a higher seq are skipped (inside a write transaction: its own rows); or
     *     {@code Long.MAX_VALUE}
     * @param nowMicros memories expired at this time are skipped
     * @param among only these memories, or null for all
     * @throws dev.agentmemory.ValidationException if the query's dimension differs from the namespace's
     */
    public Result search(ChangeFeed feed, long upTo, Search search, long nowMicros, Set<MemoryId> among) {
        Filter filter = search.filter().orElse(null);
        int k = search.topK();
        SlotStore chunk = new SlotStore(tenant + "/" + namespace);
        List<Match> best = new ArrayList<>(2 * k);
        long streamed = 0;
        MemoryId after = null;
        List<StoredMemory> page;
        do {
            page = feed.livePage(tenant, namespace, after, PAGE);
            chunk.clear();
            List<Memory> held = new ArrayList<>(page.size());
            for (StoredMemory row : page) {
                after = row.memory().id();
                if (row.seq() <= upTo) {
                    chunk.put(IndexedRow.of(row.memory()), row.memory().embedding());
                    held.add(row.memory()); // slot i holds held.get(i): a cleared store fills from 0
                }
            }
            streamed += held.size();
            if (held.isEmpty()) {
                continue;
            }
            NamespaceIndex.checkDimension(search.vector().length, chunk.dimension());
            ExactScan scan = new ExactScan(chunk, FloatVectorScorer.of(chunk, search.vector(), search.metric(), kernel),
                    filter, among, nowMicros, search.minScore(), k);
            TopK top = scan.scan(0, chunk.end());
            int[] slots = top.slotsBestFirst();
            double[] scores = top.scoresBestFirst();
            for (int i = 0; i < slots.length; i++) {
                best.add(new Match(held.get(slots[i]), scores[i]));
            }
            best.sort(RANK);
            if (best.size() > k) {
                best.subList(k, best.size()).clear();
            }
        } while (page.size() == PAGE);
        return new Result(List.copyOf(best), streamed);
    }
}
