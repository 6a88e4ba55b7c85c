package dev.agentmemory.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs it: the text-search configuration of keyword search is
 * a backend property; a language's configuration stems, each configuration has its own GIN
 * index, and a bad name is refused before any SQL.
 */
class PostgresTextSearchTest {
    private static final String SCHEMA = PgServer.schemaFor(PostgresTextSearchTest.class);

    @AfterAll
    static void dropSchema() {
        PgServer.shared().dropSchema(SCHEMA);
    }

    @Test
    void an_english_configuration_stems_words_and_gets_its_own_index() throws SQLException {
        MemoryId id;
        try (MemoryStore simple = MemoryStores.open(PgServer.shared().config(SCHEMA).build())) {
            Namespace ns = simple.namespace("t", "runs");
            id = ns.put(MemoryDraft.of("The runners were running all morning").embedding(new float[] {1, 0}));
            assertThat(ns.search(Search.keyword("run"))).as("simple does not stem").isEmpty();
            assertThat(ns.search(Search.keyword("running"))).extracting(m -> m.memory().id()).containsExactly(id);
        }
        try (MemoryStore english = MemoryStores.open(PgServer.shared().config(SCHEMA)
                .property("textSearchConfig", "english").build()); Connection c = PgServer.shared().admin()) {
            List<Match> hits = english.namespace("t", "runs").search(Search.keyword("run"));
            assertThat(hits).as("english stems run, runners, running").extracting(m -> m.memory().id())
                    .containsExactly(id);
            assertThat(english.namespace("t", "runs").search(Search.keyword("the were"))).as("stop words only")
                    .isEmpty();
            assertThat(indexes(c)).contains("memories_keywords_simple", "memories_keywords_english");
        }
    }

    @Test
    void a_configuration_name_that_is_not_an_identifier_is_refused() {
        MemoryStoreException e = catchThrowableOfType(MemoryStoreException.class, () -> MemoryStores.open(
                PgServer.shared().config(SCHEMA).property("textSearchConfig", "english'); DROP TABLE x; --").build()));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("textSearchConfig").contains("english");
    }

    private static List<String> indexes(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT indexname FROM pg_indexes WHERE schemaname = ?")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
