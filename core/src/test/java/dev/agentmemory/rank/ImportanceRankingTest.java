package dev.agentmemory.rank;

import static dev.agentmemory.rank.Candidates.contents;
import static dev.agentmemory.rank.Candidates.context;
import static dev.agentmemory.rank.Candidates.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.Metadata;
import dev.agentmemory.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportanceRankingTest {
    private static List<Match> candidates() {
        return new Candidates()
                .rated("unrated", 0.9, Metadata.empty())
                .rated("trivial", 0.8, Metadata.empty().with("importance", 1))
                .rated("poignant", 0.6, Metadata.empty().with("importance", 9.0))
                .rated("worded", 0.7, Metadata.empty().with("importance", "high"))
                .list();
    }

    @Test
    void low_importance_costs_its_share_of_the_candidates_score_range() {
        ImportanceRanking importance = Rankings.importance("importance").range(1, 10);
        List<Match> ranked = importance.rank(context(4), candidates());
        // Scores span 0.9 - 0.6 = 0.3; importance 9 of 1..10 is 8/9 of the way up.
        assertThat(score(ranked, "poignant")).isCloseTo(0.6 - 0.3 / 9, within(1e-9));
        assertThat(score(ranked, "trivial")).as("the bottom of the range at weight 1").isCloseTo(0.5, within(1e-9));
        assertThat(contents(ranked)).containsExactly("unrated", "poignant", "trivial", "worded");
    }

    @Test
    void a_missing_or_non_numeric_field_counts_as_the_bottom_of_the_range_by_default() {
        List<Match> ranked = Rankings.importance("importance").range(1, 10).rank(context(4), candidates());
        assertThat(score(ranked, "unrated")).isCloseTo(0.9 - 0.3, within(1e-9));
        assertThat(score(ranked, "worded")).isCloseTo(0.7 - 0.3, within(1e-9));
        assertThat(Rankings.importance("importance").range(1, 10).signal(candidates().get(0).memory())).isZero();
    }

    @Test
    void if_missing_sets_what_an_unrated_memory_counts_as() {
        List<Match> ranked = Rankings.importance("importance").range(1, 10).ifMissing(5.5).weight(0.5)
                .rank(context(4), candidates());
        assertThat(score(ranked, "unrated")).isCloseTo(0.9 - 0.5 * 0.5 * 0.3, within(1e-9));
        assertThat(contents(ranked)).containsExactly("unrated", "trivial", "worded", "poignant");
    }

    @Test
    void values_outside_the_range_are_clamped() {
        List<Match> ranked = Rankings.importance("importance").rank(context(2), new Candidates()
                .rated("huge", 0.5, Metadata.empty().with("importance", 40))
                .rated("negative", 0.5, Metadata.empty().with("importance", -3)).list());
        assertThat(score(ranked, "huge")).isCloseTo(0.5, within(1e-9));
        assertThat(score(ranked, "negative")).as("equal scores: the unit is 1").isCloseTo(-0.5, within(1e-9));
    }

    @Test
    void a_bad_key_or_range_is_refused() {
        assertThatThrownBy(() -> Rankings.importance("no spaces")).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
        assertThatThrownBy(() -> Rankings.importance("importance").range(5, 5)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("low < high");
    }
}
