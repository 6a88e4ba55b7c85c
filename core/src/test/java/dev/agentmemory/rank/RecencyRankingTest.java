package dev.agentmemory.rank;

import static dev.agentmemory.rank.Candidates.NOW;
import static dev.agentmemory.rank.Candidates.contents;
import static dev.agentmemory.rank.Candidates.context;
import static dev.agentmemory.rank.Candidates.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentmemory.Match;
import dev.agentmemory.Metadata;
import dev.agentmemory.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecencyRankingTest {
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void scores_halve_with_every_half_life_of_age() {
        List<Match> ranked = Rankings.recency(DAY).rank(context(3), new Candidates()
                .added("two-days", 0.8, NOW.minus(DAY.multipliedBy(2)))
                .added("one-day", 0.8, NOW.minus(DAY))
                .added("now", 0.8, NOW)
                .list());
        assertThat(contents(ranked)).containsExactly("now", "one-day", "two-days");
        assertThat(score(ranked, "now")).isCloseTo(0.8, within(1e-9));
        assertThat(score(ranked, "one-day")).isCloseTo(0.4, within(1e-9));
        assertThat(score(ranked, "two-days")).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void a_recent_memory_overtakes_a_more_similar_old_one_unless_the_weight_is_light() {
        List<Match> candidates = new Candidates()
                .added("old-but-close", 0.9, NOW.minus(DAY))
                .added("new-but-farther", 0.5, NOW)
                .list();
        assertThat(contents(Rankings.recency(DAY).rank(context(2), candidates)))
                .containsExactly("new-but-farther", "old-but-close"); // 0.45 < 0.5
        List<Match> light = Rankings.recency(DAY).weight(0.3).rank(context(2), candidates);
        assertThat(contents(light)).containsExactly("old-but-close", "new-but-farther");
        assertThat(score(light, "old-but-close")).isCloseTo(0.9 * 0.85, within(1e-9));
    }

    @Test
    void by_updated_measures_age_from_the_last_update() {
        List<Match> candidates = new Candidates()
                .add("created-long-ago-updated-now", 0.5, new float[] {1, 0}, NOW.minus(DAY.multipliedBy(30)), NOW,
                        Metadata.empty())
                .add("created-yesterday", 0.5, new float[] {1, 0}, NOW.minus(DAY), NOW.minus(DAY), Metadata.empty())
                .list();
        assertThat(contents(Rankings.recency(DAY).rank(context(2), candidates)))
                .containsExactly("created-yesterday", "created-long-ago-updated-now");
        assertThat(contents(Rankings.recency(DAY).byUpdated().rank(context(2), candidates)))
                .containsExactly("created-long-ago-updated-now", "created-yesterday");
    }

    @Test
    void an_old_memory_with_a_negative_score_never_moves_up() {
        List<Match> ranked = Rankings.recency(DAY).rank(context(2), new Candidates()
                .added("old", -0.2, NOW.minus(DAY.multipliedBy(3)))
                .added("new", -0.3, NOW)
                .list());
        assertThat(contents(ranked)).containsExactly("new", "old");
        assertThat(score(ranked, "old")).isCloseTo(-1.6, within(1e-9));
    }

    @Test
    void a_memory_from_the_future_counts_as_new() {
        List<Match> ranked = Rankings.recency(DAY).rank(context(1), new Candidates()
                .added("clock-skew", 0.7, NOW.plus(DAY)).list());
        assertThat(score(ranked, "clock-skew")).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void a_half_life_must_be_positive_and_a_weight_within_zero_to_one() {
        assertThatThrownBy(() -> Rankings.recency(Duration.ZERO)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> Rankings.recency(DAY).weight(-0.1)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("recency weight");
    }
}
