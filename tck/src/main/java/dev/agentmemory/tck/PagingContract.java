package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Limits;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.tck.support.FilterOracle;
import dev.agentmemory.tck.support.TestData;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: the cursor paging contract of
 * {@link Namespace#list}.
 *
 * <p>Pages cover a namespace exactly once in id order, with and without a filter; the cursor
 * stays stable while other threads insert; bad cursors and page sizes are rejected.
 */
public interface PagingContract extends StoreFixture {

    @Test
    default void pages_cover_everything_exactly_once_in_id_order() {
        Namespace ns = newNamespace();
        List<MemoryId> ids = new ArrayList<>(ns.putAll(data().drafts("p", 101, 4)));
        ids.addAll(ns.putAll(data().drafts("q", 19, 4)));
        for (int size : new int[] {1, 7, 10, 120, 500}) {
            List<MemoryId> seen = new ArrayList<>();
            ListQuery q = ListQuery.first(size);
            int pages = 0;
            while (true) {
                Page<Memory> page = ns.list(q);
                pages++;
                assertThat(page.items().size()).as("page %d of size %d", pages, size).isLessThanOrEqualTo(size);
                if (page.hasNext()) {
                    assertThat(page.items()).as("a page with a next cursor is full (page size %d)", size).hasSize(size);
                }
                if (!seen.isEmpty() && !page.items().isEmpty()) {
                    assertThat(page.items().get(0).id()).as("page %d starts after the previous one", pages)
                            .isGreaterThan(seen.get(seen.size() - 1));
                }
                seen.addAll(ids(page.items()));
                if (!page.hasNext()) {
                    break;
                }
                q = q.after(page.nextCursor().get());
            }
            assertThat(seen).as("page size %d", size).containsExactlyElementsOf(ids.stream().sorted().toList());
            assertThat(pages).as("pages of size %d", size).isBetween((120 + size - 1) / size, 120 / size + 1);
        }
    }

    @Test
    default void an_empty_namespace_lists_one_empty_page() {
        Page<Memory> page = newNamespace().list(ListQuery.first());
        assertThat(page.items()).isEmpty();
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    default void filtered_pages_cover_the_matching_memories_exactly_once() {
        Namespace ns = newNamespace();
        ns.putAll(data().drafts("p", 150, 4));
        List<Memory> all = listAll(ns);
        Filter f = Filter.or(Filter.exists("t"), Filter.eq("b", true));

        List<Memory> listed = listAll(ns, ListQuery.first(4).where(f));

        assertThat(ids(listed)).as(seedInfo()).containsExactlyElementsOf(ids(FilterOracle.select(f, all)));
    }

    @Test
    default void the_cursor_is_stable_while_other_threads_insert_and_delete() {
        Namespace ns = newNamespace();
        List<MemoryId> before = ns.putAll(data().drafts("before-", 300, 4));
        Set<MemoryId> doomed = new HashSet<>(before.subList(0, 300).stream().filter(id -> id.hashCode() % 7 == 0).toList());
        AtomicBoolean listing = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        AtomicInteger pagesAfterAnInsert = new AtomicInteger();
        List<MemoryId> seen = new ArrayList<>();

        Workers.run("paging", 5, Duration.ofSeconds(60), index -> {
            if (index == 0) {
                try {
                    ListQuery q = ListQuery.first(7);
                    int insertedAtLastPage = inserted.get();
                    while (true) {
                        Page<Memory> page = ns.list(q);
                        if (inserted.get() > insertedAtLastPage) {
                            pagesAfterAnInsert.incrementAndGet();
                        }
                        insertedAtLastPage = inserted.get();
                        if (!seen.isEmpty() && !page.items().isEmpty()) {
                            assertThat(page.items().get(0).id()).as("a page starts after the previous one")
                                    .isGreaterThan(seen.get(seen.size() - 1));
                        }
                        seen.addAll(ids(page.items()));
                        if (!page.hasNext()) {
                            return;
                        }
                        q = q.after(page.nextCursor().get());
                        awaitAnotherInsert(inserted, 600);
                    }
                } finally {
                    listing.set(false);
                }
            } else if (index == 1) {
                for (MemoryId id : doomed) {
                    ns.delete(id);
                }
            } else {
                TestData mine = new TestData(new Random(index));
                while (listing.get() && inserted.get() < 600) {
                    ns.put(mine.plainDraft("during-" + index, 4));
                    inserted.incrementAndGet();
                }
            }
        });

        assertThat(pagesAfterAnInsert.get()).as("pages read after another thread's insert landed: the race happened")
                .isPositive();
        assertThat(seen).as("no memory twice, in strictly increasing id order (%d inserted meanwhile)", inserted.get())
                .doesNotHaveDuplicates().isSorted();
        List<MemoryId> survivors = before.stream().filter(id -> !doomed.contains(id)).toList();
        assertThat(seen).as("every memory present before the listing started and not deleted is seen")
                .containsAll(survivors);
        assertThat(new HashSet<>(before)).as("only the seeded memories and new ones are seen")
                .containsAll(seen.stream().filter(id -> id.compareTo(before.get(before.size() - 1)) <= 0).toList());
    }

    /**
     * Waits (a second at most) until {@code inserted} grows or reaches {@code cap}, so that the
     * next page is read after another thread's insert; this waits for real concurrency, not for
     * the clock.
     */
    private static void awaitAnotherInsert(AtomicInteger inserted, int cap) throws InterruptedException {
        int now = inserted.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (inserted.get() == now && now < cap && System.nanoTime() < deadline) {
            Thread.sleep(0, 100_000);
        }
    }

    @Test
    default void a_garbage_cursor_is_rejected() {
        MemoryStore store = store();
        Namespace ns = newNamespace();
        ns.putAll(data().drafts("p", 5, 4));
        for (String cursor : List.of("garbage", "", "not-a-cursor-%%%", "'; DROP TABLE memories; --")) {
            assertRejected(store, ErrorCode.INVALID_CURSOR, "list", () -> ns.list(ListQuery.first(2).after(cursor)));
        }
    }

    @Test
    default void a_page_size_of_zero_or_above_the_limit_is_rejected() {
        MemoryStore store = openStore(new Limits(1000, 8, 100, 64, 20, 25, 50));
        Namespace ns = store.namespace(newTenant(), "paging");
        ns.putAll(data().drafts("p", 30, 4));

        assertThat(ns.list(ListQuery.first(25)).items()).as("the largest page").hasSize(25);
        for (int limit : new int[] {0, -1, 26, Integer.MAX_VALUE}) {
            assertRejected(store, ErrorCode.LIMIT_EXCEEDED, "list", () -> ns.list(ListQuery.first(limit)));
        }
        assertRejected(store(), ErrorCode.LIMIT_EXCEEDED, "list",
                () -> newNamespace().list(ListQuery.first(Limits.DEFAULTS.maxPageSize() + 1)));
    }
}
