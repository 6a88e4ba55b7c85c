package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.Filter.Field;
import dev.agentmemory.Filter.Op;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.tck.support.FilterOracle;
import dev.agentmemory.tck.support.SearchOracle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: the filter contract, on {@code list},
 * {@code count}, {@code deleteWhere} and {@code search}.
 *
 * <p>Every operator ({@code eq, ne, gt, gte, lt, lte, in, notIn, exists, and, or, not}, and
 * comparisons of the created and updated times) is checked against {@link FilterOracle} over
 * seeded random memories with mixed value kinds under one key and missing keys; then random
 * nested filters are. Search with a selective filter must still return a full topK.
 */
public interface FilterContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 8;

    /**
     * Seeds {@code n} random memories in four batches (so creation times differ between
     * batches and tie within one) and updates every fifth (so updated times differ from
     * created ones, and from each other). {@code ns} must be of {@link #clockedStore()}: the
     * times are set by moving {@link #clock()}.
     *
     * @return the memories as stored now, in id order
     */
    default List<Memory> seedFilterData(Namespace ns, int n) {
        for (int batch = 0; batch < 4; batch++) {
            ns.putAll(data().drafts("b" + batch + "-", n / 4, DIM));
            clock().advance(Duration.ofMillis(2));
        }
        List<Memory> all = listAll(ns);
        for (int i = 0; i < all.size(); i += 5) {
            Memory m = all.get(i);
            clock().advance(Duration.ofNanos(1000));
            ns.update(m.id(), m.version(), data().draft(m.content() + "'", DIM));
        }
        return listAll(ns);
    }

    /** One filter of each operator, built from the data so that each matches some but not all. */
    private Map<String, Filter> operatorCatalogue(List<Memory> all) {
        Instant middle = all.get(all.size() / 2).createdAt();
        Instant updated = all.get(0).updatedAt();
        Map<String, Filter> c = new LinkedHashMap<>();
        c.put("eq string", Filter.eq("s", "apple"));
        c.put("eq long matches an equal double", Filter.eq("n", 2));
        c.put("eq double", Filter.eq("n", 2.5));
        c.put("eq boolean", Filter.eq("b", true));
        c.put("ne string", Filter.ne("s", "a"));
        c.put("ne long", Filter.ne("n", 0L));
        c.put("ne boolean", Filter.ne("b", false));
        c.put("gt long", Filter.gt("n", 2));
        c.put("gt string by code point", Filter.gt("s", "\ufb01"));
        c.put("gte double", Filter.gte("n", 2.0));
        c.put("gte string", Filter.gte("s", "ab"));
        c.put("lt long", Filter.lt("n", 1));
        c.put("lt string", Filter.lt("s", "B"));
        c.put("lte double", Filter.lte("n", 2.5));
        c.put("lte string", Filter.lte("s", "Zeta"));
        c.put("in mixed kinds", Filter.in("n", List.of(1, 2.5, "9", true)));
        c.put("in strings", Filter.in("s", List.of("a", "b", "%")));
        c.put("notIn", Filter.notIn("s", List.of("a", "", "9")));
        c.put("notIn numbers", Filter.notIn("n", List.of(0, 7.25)));
        c.put("contains", Filter.contains("s", "pp"));
        c.put("contains is case-sensitive", Filter.contains("s", "A"));
        c.put("contains takes % literally", Filter.contains("s", "%"));
        c.put("contains takes _ literally", Filter.contains("s", "_"));
        c.put("contains empty matches every string", Filter.contains("s", ""));
        c.put("contains on numbers matches nothing", Filter.contains("n", "1"));
        c.put("exists", Filter.exists("t"));
        c.put("exists absent key", Filter.exists("absent"));
        c.put("not exists", Filter.not(Filter.exists("b")));
        c.put("and", Filter.and(Filter.exists("s"), Filter.gte("n", 0)));
        c.put("or", Filter.or(Filter.eq("b", false), Filter.lt("n", 0)));
        c.put("not", Filter.not(Filter.eq("t", "tag1")));
        c.put("eq on a key of another kind", Filter.eq("b", "true"));
        c.put("createdAfter", Filter.createdAfter(middle));
        c.put("createdBefore", Filter.createdBefore(middle));
        c.put("createdBetween", Filter.createdBetween(all.get(0).createdAt(), middle));
        c.put("created eq", Filter.compare(Field.CREATED_AT, Op.EQ, middle));
        c.put("created lte", Filter.compare(Field.CREATED_AT, Op.LTE, middle));
        c.put("updatedAfter", Filter.updatedAfter(updated));
        c.put("updatedBefore", Filter.updatedBefore(updated));
        c.put("updated gte", Filter.compare(Field.UPDATED_AT, Op.GTE, updated));
        c.put("updated ne", Filter.compare(Field.UPDATED_AT, Op.NE, updated));
        return c;
    }

    @Test
    default void every_operator_on_list_count_and_search_agrees_with_the_oracle() {
        Namespace ns = newNamespace(clockedStore());
        List<Memory> all = seedFilterData(ns, 160);
        for (Map.Entry<String, Filter> e : operatorCatalogue(all).entrySet()) {
            assertAgreesWithOracle(ns, all, e.getKey(), e.getValue());
        }
    }

    @Test
    default void every_operator_on_deleteWhere_agrees_with_the_oracle() {
        String tenant = newTenant();
        List<MemoryDraft> drafts = data().drafts("d", 30, DIM);
        // One namespace per filter: deleteWhere destroys its input.
        Namespace template = clockedStore().namespace(tenant, "template");
        putInBatches(template, drafts);
        Map<String, Filter> catalogue = operatorCatalogue(listAll(template));
        int i = 0;
        for (Map.Entry<String, Filter> e : catalogue.entrySet()) {
            Namespace ns = clockedStore().namespace(tenant, "ns" + i++);
            putInBatches(ns, drafts);
            List<Memory> before = listAll(ns);
            // Time filters were built on the template's times: rebuild them on this namespace's.
            Filter filter = e.getKey().startsWith("created") || e.getKey().startsWith("updated")
                    ? operatorCatalogue(before).get(e.getKey()) : e.getValue();
            List<Memory> expectedLeft = before.stream().filter(m -> !FilterOracle.matches(filter, m)).toList();

            long deleted = ns.deleteWhere(filter);

            String why = e.getKey() + ": deleteWhere(" + filter + "), " + seedInfo();
            assertThat(deleted).as(why).isEqualTo(before.size() - expectedLeft.size());
            assertThat(ids(listAll(ns))).as(why).containsExactlyElementsOf(ids(expectedLeft));
        }
        assertThat(template.count()).as("other namespaces untouched").isEqualTo(drafts.size());
    }

    @Test
    default void random_nested_filters_agree_with_the_oracle() {
        Namespace ns = newNamespace(clockedStore());
        List<Memory> all = seedFilterData(ns, 120);
        for (int i = 0; i < 60; i++) {
            Filter f = data().filter(3, all);
            assertAgreesWithOracle(ns, all, "random filter " + i, f);
        }
    }

    @Test
    default void random_filters_on_deleteWhere_agree_with_the_oracle() {
        Namespace ns = newNamespace(clockedStore());
        List<Memory> left = new ArrayList<>(seedFilterData(ns, 200));
        for (int i = 0; i < 8 && !left.isEmpty(); i++) {
            Filter f = data().filter(2, left);
            List<Memory> doomed = FilterOracle.select(f, left);

            long deleted = ns.deleteWhere(f);

            left.removeAll(doomed);
            String why = "deleteWhere(" + f + "), " + seedInfo();
            assertThat(deleted).as(why).isEqualTo(doomed.size());
            assertThat(ids(listAll(ns))).as(why).containsExactlyElementsOf(ids(left));
        }
    }

    @Test
    default void filtered_search_returns_a_full_topK_when_enough_memories_pass() {
        Namespace ns = newNamespace();
        List<MemoryDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            drafts.add(MemoryDraft.of("m" + i).embedding(vector(DIM)).metadata("rare", i % 25 == 0));
        }
        ns.putAll(drafts);
        List<Memory> all = listAll(ns);
        Filter rare = Filter.eq("rare", true);
        assertThat(FilterOracle.select(rare, all)).hasSize(16);

        for (int q = 0; q < 5; q++) {
            Search search = Search.vector(vector(DIM)).topK(10).where(rare);
            List<Match> hits = ns.search(search);
            assertThat(hits).as("16 memories pass the filter, topK is 10").hasSize(10);
            SearchOracle.assertExact(hits, all, search, "filtered search, " + seedInfo());
        }
        Search wide = Search.vector(vector(DIM)).topK(50).where(rare);
        assertThat(ns.search(wide)).as("topK above the number passing").hasSize(16);
    }

    /** Puts {@code drafts} into {@code ns} (of {@link #clockedStore()}) in three batches a millisecond apart. */
    private void putInBatches(Namespace ns, List<MemoryDraft> drafts) {
        int third = drafts.size() / 3;
        ns.putAll(drafts.subList(0, third));
        clock().advance(Duration.ofMillis(1));
        ns.putAll(drafts.subList(third, 2 * third));
        clock().advance(Duration.ofMillis(1));
        ns.putAll(drafts.subList(2 * third, drafts.size()));
    }

    private void assertAgreesWithOracle(Namespace ns, List<Memory> all, String name, Filter filter) {
        String why = name + ": " + filter + ", " + seedInfo();
        List<MemoryId> expected = ids(FilterOracle.select(filter, all));
        assertThat(ids(listAll(ns, ListQuery.first(23).where(filter)))).as("list, " + why)
                .containsExactlyElementsOf(expected);
        assertThat(ns.count(filter)).as("count, " + why).isEqualTo(expected.size());
        Search search = Search.vector(vector(DIM)).topK(7).where(filter);
        SearchOracle.assertExact(ns.search(search), all, search, "search, " + why);
    }
}
