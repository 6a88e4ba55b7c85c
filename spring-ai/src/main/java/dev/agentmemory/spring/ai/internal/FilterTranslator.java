package dev.agentmemory.spring.ai.internal;

import dev.agentmemory.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.Group;
import org.springframework.ai.vectorstore.filter.Filter.Key;
import org.springframework.ai.vectorstore.filter.Filter.Operand;
import org.springframework.ai.vectorstore.filter.Filter.Value;

/**
 * Thread-safe: static methods only. Translates a Spring AI filter expression (built with
 * {@code FilterExpressionBuilder} or parsed from text such as {@code "country == 'BG' && year >= 2020"})
 * into an agent-memory {@link Filter}, which the store applies inside its scan and inside the
 * database for deletes.
 *
 * <p>Every operator is translated: {@code ==, !=, >, >=, <, <=, IN, NIN, AND, OR, NOT,
 * IS NULL, IS NOT NULL}. {@code !=} and {@code NIN} match documents without the key, as
 * {@code NOT (k == v)} does; {@code IS NULL} matches documents without the key (the store keeps
 * no null values). Numbers of any type compare by value.
 */
public final class FilterTranslator {
    private FilterTranslator() {}

    /**
     * The core filter for {@code expression}.
     *
     * @throws IllegalArgumentException if the expression is malformed, a key cannot be stored,
     *     or a value is not a string, number or boolean
     */
    public static Filter toCore(Expression expression) {
        if (expression == null) {
            throw new IllegalArgumentException("filter expression cannot be null");
        }
        return switch (expression.type()) {
            case AND -> Filter.and(operand(expression.left(), expression), operand(expression.right(), expression));
            case OR -> Filter.or(operand(expression.left(), expression), operand(expression.right(), expression));
            case NOT -> Filter.not(operand(expression.left(), expression));
            case ISNULL -> Filter.not(Filter.exists(key(expression)));
            case ISNOTNULL -> Filter.exists(key(expression));
            case EQ -> Filter.eq(key(expression), value(expression));
            case NE -> Filter.ne(key(expression), value(expression));
            case GT -> Filter.gt(key(expression), value(expression));
            case GTE -> Filter.gte(key(expression), value(expression));
            case LT -> Filter.lt(key(expression), value(expression));
            case LTE -> Filter.lte(key(expression), value(expression));
            case IN -> Filter.in(key(expression), values(expression));
            case NIN -> Filter.notIn(key(expression), values(expression));
        };
    }

    private static Filter operand(Operand operand, Expression parent) {
        if (operand instanceof Expression e) {
            return toCore(e);
        } else if (operand instanceof Group g) {
            return toCore(g.content());
        }
        throw new IllegalArgumentException("filter expression " + parent + " needs expressions on both sides of "
                + parent.type() + ", found " + operand);
    }

    private static String key(Expression e) {
        if (!(e.left() instanceof Key k)) {
            throw new IllegalArgumentException("filter expression " + e + " needs a metadata key on the left of "
                    + e.type() + ", found " + e.left());
        }
        return DocumentCodec.checkKey(unquote(k.key()), "filter key");
    }

    /** Keys written with quotes in the text syntax ({@code 'my key' == 1}) arrive with them. */
    private static String unquote(String key) {
        if (key.length() >= 2 && (key.startsWith("'") && key.endsWith("'") || key.startsWith("\"") && key.endsWith("\""))) {
            return key.substring(1, key.length() - 1);
        }
        return key;
    }

    private static Object value(Expression e) {
        if (!(e.right() instanceof Value v) || v.value() instanceof Collection<?>) {
            throw new IllegalArgumentException("filter expression " + e + " needs one value on the right of "
                    + e.type() + ", found " + e.right());
        }
        return DocumentCodec.toCoreValue(unquote(((Key) e.left()).key()), v.value());
    }

    private static List<Object> values(Expression e) {
        if (!(e.right() instanceof Value v) || !(v.value() instanceof Collection<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("filter expression " + e + " needs a non-empty list of values on the"
                    + " right of " + e.type() + ", found " + e.right());
        }
        List<Object> converted = new ArrayList<>(list.size());
        for (Object item : list) {
            converted.add(DocumentCodec.toCoreValue(((Key) e.left()).key(), item));
        }
        return converted;
    }
}
