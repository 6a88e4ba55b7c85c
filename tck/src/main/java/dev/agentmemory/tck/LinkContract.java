package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Link;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.Namespace;
import dev.agentmemory.Neighbour;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Neighbourhood.Direction;
import dev.agentmemory.Search;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: links, the graph part of agent memory.
 * Typed, weighted links between memories of one tenant, indexed both ways; bounded
 * breadth-first neighbourhoods; search restricted to a neighbourhood; links removed with their
 * memory; no link can reach another tenant.
 */
public interface LinkContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 4;

    /**
     * Immutable and thread-safe: a chain a → b → c → d plus a "mentions" link a → x, in two
     * namespaces of one tenant.
     */
    record Graph(Namespace notes, Namespace people, MemoryId a, MemoryId b, MemoryId c, MemoryId d,
            MemoryId x) {}

    private Graph graph() {
        String tenant = newTenant();
        Namespace notes = store().namespace(tenant, "notes");
        Namespace people = store().namespace(tenant, "people");
        MemoryId a = notes.put(draft("a", DIM));
        MemoryId b = notes.put(draft("b", DIM));
        MemoryId c = notes.put(draft("c", DIM));
        MemoryId d = notes.put(draft("d", DIM));
        MemoryId x = people.put(draft("x", DIM));
        notes.link(a, b, "follows", 0.9);
        notes.link(b, c, "follows", 0.8);
        notes.link(c, d, "follows", 0.7);
        notes.link(a, x, "mentions", 0.5);
        return new Graph(notes, people, a, b, c, d, x);
    }

    private static Map<MemoryId, Integer> depths(List<Neighbour> neighbours) {
        return neighbours.stream().collect(Collectors.toMap(n -> n.memory().id(), Neighbour::depth));
    }

    @Test
    default void links_are_listed_both_ways_and_relinking_changes_the_weight() {
        Graph g = graph();
        assertThat(g.notes().links(g.b())).extracting(Link::from, Link::to)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(g.a(), g.b()),
                        org.assertj.core.groups.Tuple.tuple(g.b(), g.c()));
        g.notes().link(g.a(), g.b(), "follows", 0.1);
        assertThat(g.notes().links(g.a())).filteredOn(l -> l.to().equals(g.b())).singleElement()
                .satisfies(l -> assertThat(l.weight()).isEqualTo(0.1));
        assertThat(g.notes().unlink(g.a(), g.b(), "follows")).isTrue();
        assertThat(g.notes().unlink(g.a(), g.b(), "follows")).isFalse();
        assertThat(g.notes().links(g.b())).extracting(Link::from).containsExactly(g.b());
    }

    @Test
    default void neighbours_walk_breadth_first_by_depth_type_direction_and_limit() {
        Graph g = graph();
        assertThat(depths(g.notes().neighbours(Neighbourhood.of(g.a()))))
                .isEqualTo(Map.of(g.b(), 1, g.x(), 1));
        assertThat(depths(g.notes().neighbours(Neighbourhood.of(g.a()).depth(3).types("follows"))))
                .isEqualTo(Map.of(g.b(), 1, g.c(), 2, g.d(), 3));
        assertThat(depths(g.notes().neighbours(Neighbourhood.of(g.c()).depth(2).direction(Direction.INCOMING))))
                .isEqualTo(Map.of(g.b(), 1, g.a(), 2));
        assertThat(depths(g.notes().neighbours(Neighbourhood.of(g.c()).depth(2).direction(Direction.OUTGOING))))
                .isEqualTo(Map.of(g.d(), 1));
        List<Neighbour> limited = g.notes().neighbours(Neighbourhood.of(g.a()).depth(3).limit(2));
        assertThat(limited).hasSize(2).allSatisfy(n -> assertThat(n.depth()).isEqualTo(1));
        Neighbour viaMention = g.notes().neighbours(Neighbourhood.of(g.a()).types("mentions")).get(0);
        assertThat(viaMention.memory().namespace()).isEqualTo("people");
        assertThat(viaMention.via().type()).isEqualTo("mentions");
        assertThat(viaMention.via().weight()).isEqualTo(0.5);
    }

    @Test
    default void a_cycle_is_walked_once() {
        Graph g = graph();
        g.notes().link(g.d(), g.a(), "follows", 1.0);
        List<Neighbour> all = g.notes().neighbours(Neighbourhood.of(g.a()).depth(8).types("follows"));
        assertThat(all).extracting(n -> n.memory().id()).containsExactlyInAnyOrder(g.b(), g.c(), g.d());
    }

    @Test
    default void search_near_a_memory_sees_only_its_neighbourhood() {
        Graph g = graph();
        float[] q = g.notes().get(g.d()).orElseThrow().embedding();
        List<Match> near = g.notes().search(Search.vector(q).topK(10).near(Neighbourhood.of(g.a()).depth(2)));
        assertThat(near).extracting(m -> m.memory().id()).containsExactlyInAnyOrder(g.b(), g.c());
        List<Match> across = store().search(g.notes().tenant(), List.of("notes", "people"),
                Search.vector(q).topK(10).near(Neighbourhood.of(g.a())));
        assertThat(across).extracting(m -> m.memory().id()).containsExactlyInAnyOrder(g.b(), g.x());
    }

    @Test
    default void deleting_a_memory_removes_its_links_both_ways() {
        Graph g = graph();
        assertThat(g.notes().delete(g.b())).isTrue();
        assertThat(g.notes().links(g.a())).extracting(Link::to).containsExactly(g.x());
        assertThat(g.notes().links(g.c())).extracting(Link::to).containsExactly(g.d());
        assertThat(depths(g.notes().neighbours(Neighbourhood.of(g.a()).depth(3).types("follows")))).isEmpty();
    }

    @Test
    default void links_never_cross_tenants() {
        Graph g = graph();
        Namespace intruder = store().namespace(newTenant(), "notes");
        MemoryId mine = intruder.put(draft("mine", DIM));

        assertThat(catchThrowableOfType(MemoryNotFoundException.class,
                () -> intruder.link(mine, g.a(), "steals", 1.0))).as("linking to another tenant's memory").isNotNull();
        assertThat(catchThrowableOfType(MemoryNotFoundException.class,
                () -> intruder.link(g.a(), mine, "steals", 1.0))).as("linking from another tenant's memory").isNotNull();
        assertThat(catchThrowableOfType(MemoryNotFoundException.class,
                () -> intruder.neighbours(Neighbourhood.of(g.a())))).isNotNull();
        assertThat(catchThrowableOfType(MemoryNotFoundException.class,
                () -> intruder.links(g.a()))).isNotNull();
        assertThat(catchThrowableOfType(MemoryNotFoundException.class,
                () -> intruder.unlink(g.a(), g.b(), "follows"))).isNotNull();
        assertThat(catchThrowableOfType(MemoryNotFoundException.class, () -> store().inTransaction(intruder.tenant(),
                tx -> tx.link(mine, g.a(), "steals", 1.0)))).isNotNull();
        assertThat(g.notes().links(g.a())).hasSize(2);
        assertThat(intruder.links(mine)).isEmpty();
    }

    @Test
    default void links_made_in_a_transaction_commit_and_roll_back_with_it() {
        Graph g = graph();
        String tenant = g.notes().tenant();
        MemoryId e = store().inTransaction(tenant, tx -> {
            MemoryId id = tx.put("notes", MemoryDraft.of("e").embedding(vector(DIM)));
            tx.link(g.d(), id, "follows", 0.6);
            return id;
        });
        assertThat(g.notes().links(g.d())).extracting(Link::to).contains(e);
        List<Link> before = new ArrayList<>(g.notes().links(g.a()));
        try {
            store().inTransaction(tenant, tx -> {
                tx.link(g.a(), g.c(), "skips", 1.0);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(g.notes().links(g.a())).isEqualTo(before);
    }

    @Test
    default void invalid_links_and_neighbourhoods_are_refused() {
        Graph g = graph();
        assertRejected(store(), ErrorCode.INVALID_IDENTIFIER, "link", () -> g.notes().link(g.a(), g.b(), "no spaces", 1));
        assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "link", () -> g.notes().link(g.a(), g.b(), "t", Double.NaN));
        assertRejected(store(), ErrorCode.LIMIT_EXCEEDED, "neighbours",
                () -> g.notes().neighbours(Neighbourhood.of(g.a()).depth(0)));
        assertRejected(store(), ErrorCode.LIMIT_EXCEEDED, "neighbours",
                () -> g.notes().neighbours(Neighbourhood.of(g.a()).limit(0)));
        assertThat(g.notes().links(g.a())).hasSize(2);
    }
}
