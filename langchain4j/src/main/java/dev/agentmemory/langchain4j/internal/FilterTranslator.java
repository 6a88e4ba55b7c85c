package dev.agentmemory.langchain4j.internal;

import dev.agentmemory.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Thread-safe: static methods only. Translates a LangChain4j metadata filter into an agent-memory
 * {@link Filter}, which the store applies during its scan (never after top-k).
 *
 * <p>The semantics match LangChain4j's own evaluation ({@code Filter.test}): {@code isNotEqualTo}
 * and {@code isNotIn} match entries without the key, the other comparisons need it; numbers of
 * any type compare by value; UUIDs compare as their canonical strings (how they are stored).
 * Values go through {@link MetadataCodec#toCoreValue}, so a Float in a filter meets a stored Float
 * at the same double.
 */
public final class FilterTranslator {
    private static final String SUPPORTED = "IsEqualTo, IsNotEqualTo, IsGreaterThan, IsGreaterThanOrEqualTo,"
            + " IsLessThan, IsLessThanOrEqualTo, IsIn, IsNotIn, ContainsString, And, Or and Not";

    private FilterTranslator() {}

    /**
     * The core filter for {@code filter}.
     *
     * @throws IllegalArgumentException if a key cannot be stored or is reserved, or a value has a
     *     type LangChain4j metadata cannot hold
     * @throws UnsupportedOperationException for a filter type outside the supported set
     */
    public static Filter toCore(dev.langchain4j.store.embedding.filter.Filter filter) {
        if (filter instanceof IsEqualTo f) {
            return Filter.eq(key(f.key()), value(f.key(), f.comparisonValue()));
        } else if (filter instanceof IsNotEqualTo f) {
            return Filter.ne(key(f.key()), value(f.key(), f.comparisonValue()));
        } else if (filter instanceof IsGreaterThan f) {
            return Filter.gt(key(f.key()), value(f.key(), f.comparisonValue()));
        } else if (filter instanceof IsGreaterThanOrEqualTo f) {
            return Filter.gte(key(f.key()), value(f.key(), f.comparisonValue()));
        } else if (filter instanceof IsLessThan f) {
            return Filter.lt(key(f.key()), value(f.key(), f.comparisonValue()));
        } else if (filter instanceof IsLessThanOrEqualTo f) {
            return Filter.lte(key(f.key()), value(f.key(), f.comparisonValue()));
        } else if (filter instanceof IsIn f) {
            return Filter.in(key(f.key()), values(f.key(), f.comparisonValues()));
        } else if (filter instanceof IsNotIn f) {
            return Filter.notIn(key(f.key()), values(f.key(), f.comparisonValues()));
        } else if (filter instanceof ContainsString f) {
            return Filter.contains(key(f.key()), f.comparisonValue());
        } else if (filter instanceof And f) {
            return Filter.and(toCore(f.left()), toCore(f.right()));
        } else if (filter instanceof Or f) {
            return Filter.or(toCore(f.left()), toCore(f.right()));
        } else if (filter instanceof Not f) {
            return Filter.not(toCore(f.expression()));
        }
        throw new UnsupportedOperationException("AgentMemoryEmbeddingStore cannot run the filter " + filter + " ("
                + (filter == null ? "null" : filter.getClass().getName()) + ") inside the store; it translates "
                + SUPPORTED + ". Express the condition with those, or search without it and test each match's"
                + " metadata with filter.test(match.embedded().metadata())");
    }

    private static String key(String key) {
        return MetadataCodec.checkKey(key, "filter key");
    }

    private static Object value(String key, Object value) {
        return MetadataCodec.toCoreValue(key, value);
    }

    private static List<Object> values(String key, Collection<?> values) {
        List<Object> converted = new ArrayList<>(values.size());
        for (Object v : values) {
            converted.add(value(key, v));
        }
        return converted;
    }
}
