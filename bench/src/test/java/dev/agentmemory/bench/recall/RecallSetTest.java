package dev.agentmemory.bench.recall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecallSetTest {

    @Test
    void the_committed_set_is_the_one_the_generator_makes() {
        RecallSet committed = RecallSet.committed();
        RecallSet generated = RecallSet.generate(14, 12);
        assertThat(committed).isEqualTo(generated);
        assertThat(committed.turns()).hasSize(2692);
        assertThat(committed.questions()).hasSize(720);
        assertThat(committed.questions().stream().filter(q -> q.category().equals("update"))).hasSize(120);
    }

    @Test
    void every_evidence_turn_is_a_user_turn_of_the_question_s_conversation_that_states_the_fact() {
        RecallSet set = RecallSet.committed();
        Map<String, RecallSet.Turn> byId = new HashMap<>();
        for (RecallSet.Turn t : set.turns()) {
            assertThat(byId.put(t.id(), t)).as("turn ids are unique").isNull();
        }
        for (RecallSet.Question q : set.questions()) {
            for (String id : q.evidence()) {
                RecallSet.Turn t = byId.get(id);
                assertThat(t).as("evidence %s of %s exists", id, q.id()).isNotNull();
                assertThat(t.conversation()).isEqualTo(q.conversation());
                assertThat(t.role()).isEqualTo("user");
                String kind = kindOf(q);
                FactTemplates.Fact fact = FactTemplates.FACTS.stream().filter(f -> f.kind().equals(kind))
                        .findFirst().orElseThrow();
                assertThat(fact.values()).as("the evidence of %s holds one of the fact's values: %s", q.id(), t.text())
                        .anyMatch(v -> t.text().contains(v));
            }
        }
    }

    @Test
    void a_changed_fact_s_evidence_is_its_newer_statement_in_a_later_session() {
        RecallSet set = RecallSet.committed();
        Map<String, RecallSet.Turn> byId = new HashMap<>();
        set.turns().forEach(t -> byId.put(t.id(), t));
        for (RecallSet.Question q : set.questions()) {
            if (q.category().equals("update")) {
                // Of eight sessions, the older statement is in the first four, the newer in the last three.
                assertThat(byId.get(q.evidence().get(0)).session()).isBetween(5, 7);
            }
        }
    }

    @Test
    void a_set_survives_writing_and_reading(@TempDir Path dir) throws IOException {
        RecallSet set = RecallSet.generate(3, 2);
        Path file = dir.resolve("set.tsv");
        set.write(file);
        try (BufferedReader in = Files.newBufferedReader(file)) {
            assertThat(RecallSet.read(in)).isEqualTo(set);
        }
        assertThat(RecallSet.generate(4, 2)).as("another seed, another set").isNotEqualTo(set);
    }

    private static String kindOf(RecallSet.Question q) {
        int k = Integer.parseInt(q.id().substring(q.id().indexOf("-q") + 2, q.id().lastIndexOf('-')));
        return FactTemplates.FACTS.get(k).kind();
    }

    @Test
    void questions_ask_in_other_words_than_the_statements() {
        for (FactTemplates.Fact f : FactTemplates.FACTS) {
            for (String q : f.questions()) {
                assertThat(f.statements()).as(f.kind()).noneMatch(s -> s.equalsIgnoreCase(q));
            }
            assertThat(f.values()).as(f.kind()).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
            assertThat(List.of(f.statements(), f.questions(), f.aboutSomeoneElse())).allMatch(l -> !l.isEmpty());
        }
    }
}
