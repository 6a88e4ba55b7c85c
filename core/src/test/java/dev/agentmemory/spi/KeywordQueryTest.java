package dev.agentmemory.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How core cuts a query into plain words. */
class KeywordQueryTest {
    @Test
    void words_are_runs_of_letters_and_digits_lower_cased_once_each() {
        assertThat(KeywordQuery.of("Green TEA, green tea? 2041!").terms()).containsExactly("green", "tea", "2041");
        assertThat(KeywordQuery.of("\"alpha\" NEAR(beta* AND gamma:^delta)").terms())
                .containsExactly("alpha", "near", "beta", "and", "gamma", "delta");
        assertThat(KeywordQuery.of("alpha & !beta | gamma:* <-> 'x'").terms())
                .containsExactly("alpha", "beta", "gamma", "x");
    }

    @Test
    void punctuation_symbols_and_emoji_are_not_words() {
        assertThat(KeywordQuery.of("?! \"\" * () :^ -- \uD83D\uDE00").isEmpty()).isTrue();
        assertThat(KeywordQuery.of("").isEmpty()).isTrue();
        assertThat(KeywordQuery.of("tea\uD83C\uDF75time").terms()).containsExactly("tea", "time");
    }

    @Test
    void diacritics_stay_in_query_words_and_fold_for_an_own_index() {
        KeywordQuery q = KeywordQuery.of("Café CRÈME cafe\u0301");
        assertThat(q.terms()).containsExactly("café", "crème");
        assertThat(q.folded()).containsExactly("cafe", "creme");
        assertThat(KeywordQuery.tokens("Crème brûlée, crème")).containsExactly("creme", "brulee", "creme");
    }

    @Test
    void cjk_runs_are_one_word_each_and_a_query_keeps_at_most_the_limit() {
        assertThat(KeywordQuery.of("東京タワー に 行った").terms()).containsExactly("東京タワー", "に", "行った");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            many.append("w").append(i).append(' ');
        }
        assertThat(KeywordQuery.of(many.toString()).terms()).hasSize(KeywordQuery.MAX_TERMS).startsWith("w0");
    }
}
