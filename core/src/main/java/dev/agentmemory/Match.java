package dev.agentmemory;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Immutable and thread-safe: a search result: a memory, its score (higher is closer) and how
 * the score came about.
 *
 * <p>The score is the one the results are ordered by: the similarity under the search's
 * {@link Metric} for a vector search, the backend's keyword score for a keyword search, the
 * fused score for a hybrid one.
 *
 * @param memory the memory
 * @param score its score in the search's ranking
 * @param explanation the signals behind the score
 */
public record Match(Memory memory, double score, Explanation explanation) {
    /** Checks the memory and the explanation. */
    public Match {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** A match of a vector search whose rank is not known: its explanation holds the score alone. */
    public Match(Memory memory, double score) {
        this(memory, score, new Explanation(SearchMode.VECTOR, OptionalDouble.of(score), OptionalInt.empty(),
                OptionalDouble.empty(), OptionalInt.empty(), score));
    }

    /**
     * Immutable and thread-safe: where a match stood on each side of the search. A side the
     * match was not found on (or that the search did not run) is empty.
     *
     * @param mode the mode the search ran in (never {@link SearchMode#AUTO})
     * @param vectorScore its similarity, if it was among the vector candidates
     * @param vectorRank its rank among them, from 1
     * @param keywordScore its keyword score, if it was among the keyword candidates
     * @param keywordRank its rank among them, from 1
     * @param fusedScore the score it is ordered by (equal to {@link Match#score()})
     */
    public record Explanation(SearchMode mode, OptionalDouble vectorScore, OptionalInt vectorRank,
            OptionalDouble keywordScore, OptionalInt keywordRank, double fusedScore) {
        /** Checks the parts. */
        public Explanation {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(vectorScore, "vectorScore");
            Objects.requireNonNull(vectorRank, "vectorRank");
            Objects.requireNonNull(keywordScore, "keywordScore");
            Objects.requireNonNull(keywordRank, "keywordRank");
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(mode.name().toLowerCase(java.util.Locale.ROOT)).append(" score ")
                    .append(fusedScore);
            vectorScore.ifPresent(v -> s.append(", vector ").append(v));
            vectorRank.ifPresent(r -> s.append(" #").append(r));
            keywordScore.ifPresent(k -> s.append(", keyword ").append(k));
            keywordRank.ifPresent(r -> s.append(" #").append(r));
            return s.toString();
        }
    }
}
