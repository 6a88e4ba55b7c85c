package dev.agentmemory.tck.support;

import dev.agentmemory.Filter;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Confined to the calling thread (it holds a {@link Random}): seeded random vectors, drafts with
 * mixed-type metadata and missing keys, and random filters over them.
 *
 * <p>The metadata deliberately mixes kinds under one key (a string where numbers are usual, a
 * long where booleans are), uses numbers that are equal across kinds ({@code 2L} and
 * {@code 2.0}), and strings whose UTF-16 order differs from their code point order, so a
 * backend that compares across kinds or by UTF-16 units disagrees with {@link FilterOracle}.
 */
public final class TestData {
    /** The metadata keys the drafts use; {@code absent} is never set. */
    public static final List<String> KEYS = List.of("s", "n", "b", "t", "absent");

    private static final List<String> STRINGS = List.of("", "a", "b", "B", "ab", "apple", "Zeta", "\u00e9",
            "\ufb01", "\ud83d\ude00", "10", "9", "x'; DROP TABLE memories; --", "%", "_");
    private static final List<Object> NUMBERS = List.of(-5L, -1L, 0L, 1L, 2L, 3L, 7L, 10L, 1_000L,
            -1.5, 0.0, 2.0, 2.5, 7.25, 1e3, -0.0);

    private final Random random;

    /** Uses {@code random} for everything. */
    public TestData(Random random) {
        this.random = random;
    }

    /** The source of randomness. */
    public Random random() {
        return random;
    }

    /** A vector of {@code dim} normally distributed components. */
    public float[] vector(int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** A draft with a random vector and no metadata. */
    public MemoryDraft plainDraft(String content, int dim) {
        return MemoryDraft.of(content).embedding(vector(dim));
    }

    /** A draft with a random vector and random mixed-type metadata. */
    public MemoryDraft draft(String content, int dim) {
        MemoryDraft d = MemoryDraft.of(content).embedding(vector(dim));
        if (random.nextInt(4) > 0) {
            d = d.metadata("s", random.nextInt(10) == 0 ? pick(NUMBERS) : pick(STRINGS));
        }
        if (random.nextInt(4) > 0) {
            d = d.metadata("n", random.nextInt(10) == 0 ? pick(STRINGS) : pick(NUMBERS));
        }
        if (random.nextInt(5) > 1) {
            d = d.metadata("b", random.nextInt(10) == 0 ? (Object) 1L : (Object) random.nextBoolean());
        }
        if (random.nextInt(10) < 3) {
            d = d.metadata("t", "tag" + random.nextInt(3));
        }
        return d;
    }

    /** {@code n} drafts from {@link #draft}, with contents {@code prefix0, prefix1, ...}. */
    public List<MemoryDraft> drafts(String prefix, int n, int dim) {
        List<MemoryDraft> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(draft(prefix + i, dim));
        }
        return out;
    }

    /** Any metadata value of any kind. */
    public Object anyValue() {
        return switch (random.nextInt(3)) {
            case 0 -> pick(STRINGS);
            case 1 -> pick(NUMBERS);
            default -> random.nextBoolean();
        };
    }

    /**
     * A random filter of at most {@code depth} levels over {@link #KEYS} and the timestamps of
     * {@code memories} (exactly, and one microsecond either side).
     */
    public Filter filter(int depth, List<Memory> memories) {
        int choice = random.nextInt(depth > 0 ? 10 : 7);
        String key = pick(KEYS);
        return switch (choice) {
            case 0, 1 -> new Filter.Compare(Filter.Field.metadata(key), pick(List.of(Filter.Op.values())), anyValue());
            case 2 -> Filter.in(key, List.of(anyValue(), anyValue(), anyValue()).subList(0, 1 + random.nextInt(3)));
            case 3 -> Filter.notIn(key, List.of(anyValue(), anyValue()).subList(0, 1 + random.nextInt(2)));
            case 4 -> random.nextBoolean() ? Filter.exists(key)
                    : Filter.contains(key, pick(List.of("", "a", "p", "pl", "B", "'", "%", "_", "\ud83d\ude00", "0")));
            case 5, 6 -> Filter.compare(random.nextBoolean() ? Filter.Field.CREATED_AT : Filter.Field.UPDATED_AT,
                    pick(List.of(Filter.Op.values())), time(memories));
            case 7 -> Filter.and(filter(depth - 1, memories), filter(depth - 1, memories));
            case 8 -> Filter.or(filter(depth - 1, memories), filter(depth - 1, memories), filter(depth - 1, memories));
            default -> Filter.not(filter(depth - 1, memories));
        };
    }

    /** A timestamp of one of {@code memories}, or one microsecond before or after it. */
    public Instant time(List<Memory> memories) {
        Memory m = pick(memories);
        Instant t = random.nextBoolean() ? m.createdAt() : m.updatedAt();
        return t.plus(random.nextInt(3) - 1, ChronoUnit.MICROS);
    }

    /** A random element. */
    public <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
