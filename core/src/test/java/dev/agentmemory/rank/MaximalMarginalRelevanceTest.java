package dev.agentmemory.rank;

import static dev.agentmemory.rank.Candidates.contents;
import static dev.agentmemory.rank.Candidates.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.ValidationException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaximalMarginalRelevanceTest {
    /**
     * Three near-copies of one note score highest; two other notes point elsewhere. By relevance
     * alone the copies fill the top three; MMR keeps the best copy and then the distinct notes.
     */
    private static List<Match> copiesAndOthers() {
        return new Candidates()
                .add("copy-1", 0.95, 1, 0, 0)
                .add("copy-2", 0.94, 0.99f, 0.01f, 0)
                .add("copy-3", 0.93, 0.98f, 0, 0.02f)
                .add("other-y", 0.80, 0, 1, 0)
                .add("other-z", 0.70, 0, 0, 1)
                .list();
    }

    @Test
    void a_balanced_lambda_picks_diverse_memories_over_near_copies() {
        List<Match> ranked = Rankings.mmr(0.5).rank(context(3), copiesAndOthers());
        assertThat(contents(ranked)).containsExactly("copy-1", "other-y", "other-z");
    }

    @Test
    void lambda_one_keeps_the_similarity_order() {
        List<Match> ranked = Rankings.mmr(1).rank(context(3), copiesAndOthers());
        assertThat(contents(ranked)).containsExactly("copy-1", "copy-2", "copy-3");
    }

    @Test
    void it_returns_at_most_top_k_and_its_scores_never_grow() {
        Random r = new Random(11);
        Candidates c = new Candidates();
        for (int i = 0; i < 40; i++) {
            c.add("m" + i, 1 - i / 40.0, (float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian());
        }
        List<Match> ranked = Rankings.mmr(0.6).rank(context(10), c.list());
        assertThat(ranked).hasSize(10);
        assertThat(ranked.get(0).memory().content()).as("the most relevant always comes first").isEqualTo("m0");
        for (int i = 1; i < ranked.size(); i++) {
            assertThat(ranked.get(i).score()).isLessThanOrEqualTo(ranked.get(i - 1).score());
        }
        assertThat(contents(ranked)).as("diversity moved some lower-ranked memory up")
                .isNotEqualTo(contents(c.list().subList(0, 10)));
    }

    @Test
    void lambda_outside_zero_to_one_is_refused() {
        assertThatThrownBy(() -> Rankings.mmr(1.5)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("[0, 1]")
                .satisfies(e -> assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> Rankings.mmr(Double.NaN)).isInstanceOf(ValidationException.class);
    }
}
