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
    void each_half_life_of_age_costs_half_of_what_remains_of_the_score_range() {
        List<Match> ranked = Rankings.recency(DAY).rank(context(4), new Candidates()
                .added("two-days", 0.8, NOW.minus(DAY.multipliedBy(2)))
                .added("one-day", 0.8, NOW.minus(DAY))
                .added("now", 0.8, NOW)
                .added("weak-now", 0.4, NOW)
                .list());
        // The candidates' scores span 0.4: a memory decayed to d loses 0.4 x (1 - d) at weight 1.
        assertThat(contents(ranked)).containsExactly("now", "one-day", "two-days", "weak-now");
        assertThat(score(ranked, "now")).isCloseTo(0.8, within(1e-9));
        assertThat(score(ranked, "one-day")).isCloseTo(0.8 - 0.4 * 0.5, within(1e-9));
        assertThat(score(ranked, "two-days")).isCloseTo(0.8 - 0.4 * 0.75, within(1e-9));
        assertThat(score(ranked, "weak-now")).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void a_recent_memory_overtakes_a_more_similar_old_one_unless_the_weight_is_light() {
        List<Match> candidates = new Candidates()
                .added("old-but-close", 0.9, NOW.minus(DAY.multipliedBy(3)))
                .added("new-but-farther", 0.7, NOW)
                .added("new-and-weak", 0.5, NOW)
                .list();
        List<Match> full = Rankings.recency(DAY).rank(context(3), candidates);
        assertThat(contents(full)).containsExactly("new-but-farther", "old-but-close", "new-and-weak");
        assertThat(score(full, "old-but-close")).isCloseTo(0.9 - 0.4 * 0.875, within(1e-9));
        List<Match> light = Rankings.recency(DAY).weight(0.3).rank(context(3), candidates);
        assertThat(contents(light)).containsExactly("old-but-close", "new-but-farther", "new-and-weak");
        assertThat(score(light, "old-but-close")).isCloseTo(0.9 - 0.3 * 0.4 * 0.875, within(1e-9));
    }

    @Test
    void the_order_does_not_depend_on_the_scale_of_the_scores() {
        Candidates narrow = new Candidates();
        Candidates wide = new Candidates();
        double[] scores = {0.91, 0.88, 0.86, 0.83, 0.80};
        int[] ageDays = {9, 4, 0, 1, 6};
        for (int i = 0; i < scores.length; i++) {
            // One embedder crowds its cosines near 0.85, another spreads them over a negative range.
            narrow.added("m" + i, scores[i], NOW.minus(DAY.multipliedBy(ageDays[i])));
            wide.added("m" + i, 10 * scores[i] - 9, NOW.minus(DAY.multipliedBy(ageDays[i])));
        }
        RecencyRanking recency = Rankings.recency(DAY.multipliedBy(3)).weight(0.6);
        List<String> order = contents(recency.rank(context(5), narrow.list()));
        assertThat(order).isEqualTo(contents(recency.rank(context(5), wide.list())));
        assertThat(order).as("recency changed the order").isNotEqualTo(List.of("m0", "m1", "m2", "m3", "m4"));
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
