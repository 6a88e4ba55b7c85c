package dev.agentmemory.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Limits;
import dev.agentmemory.ListQuery;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MessageDraft;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Metadata;
import dev.agentmemory.Search;
import dev.agentmemory.SearchMode;
import dev.agentmemory.spi.KeywordQuery;
import dev.agentmemory.ValidationException;
import java.util.List;
import java.util.Map;

/**
 * Immutable and thread-safe: checks every argument against the store's {@link Limits}
 * before anything touches storage. Messages say what was wrong and how to fix it; the
 * caller adds the store and operation.
 */
final class Validator {
    /** Filters deeper or larger than this are refused: they would only be a way to exhaust the database. */
    static final int MAX_FILTER_DEPTH = 32;
    /** The deepest neighbourhood walk. */
    static final int MAX_LINK_DEPTH = 8;
    static final int MAX_FILTER_NODES = 1_024;

    private final Limits limits;

    Validator(Limits limits) {
        this.limits = limits;
    }

    Limits limits() {
        return limits;
    }

    void identifier(String what, String value) {
        if (value == null || !Limits.IDENTIFIER_PATTERN.matcher(value).matches()) {
            throw new ValidationException(ErrorCode.INVALID_IDENTIFIER, what + " " + quote(value)
                    + " is not a valid identifier; use 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
    }

    void id(MemoryId id) {
        if (id == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "memory id is null");
        }
    }

    void draft(MemoryDraft draft) {
        if (draft == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "draft is null");
        }
        content(draft.content());
        if (!draft.hasEmbedding()) {
            throw new ValidationException(ErrorCode.INVALID_VECTOR, "draft has no embedding and the store has no"
                    + " embedder; set one with MemoryDraft.embedding(float[]) or StoreConfig.Builder.embedder");
        }
        vector("embedding", draft.embedding());
        metadata(draft.metadata());
        if (draft.ttl().isPresent()) {
            ttl(draft.ttl().get());
        }
        if (draft.expiresAt().isPresent()) {
            instant("expiresAt", draft.expiresAt().get());
        }
    }

    /** Checks the text of a text search before it is embedded. */
    /**
     * Refuses text with an unpaired UTF-16 surrogate: it is not Unicode, and a database stores
     * it as something else (SQLite writes '?'), so it would not read back as written.
     */
    static void wellFormed(String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, what + " holds an unpaired UTF-16 surrogate"
                        + String.format(" (\\u%04x) at index %d", (int) c, i) + "; text must be valid Unicode");
            }
        }
    }

    void searchText(String text) {
        wellFormed("search text", text);
        if (text.isBlank()) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "search text is blank; ask something");
        }
        if (text.length() > limits.maxContentChars()) {
            throw new ValidationException(ErrorCode.CONTENT_TOO_LARGE, "search text has " + text.length()
                    + " chars, the limit is " + limits.maxContentChars());
        }
    }

    /**
     * Checks what a text search with a keyword side needs: at least one word, and a backend
     * with a keyword index.
     */
    void keywordSearch(Search search, boolean backendHasKeywords) {
        if (!backendHasKeywords) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "this store's backend has no keyword index, so"
                    + " it cannot run a " + modeName(search) + " search; use SearchMode.VECTOR");
        }
        if (KeywordQuery.of(search.text().orElse("")).isEmpty()) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "the search text has no word to look up (only"
                    + " punctuation, symbols or emoji); a keyword search matches letters and digits");
        }
    }

    void neighbourhood(Neighbourhood n) {
        if (n == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "neighbourhood is null");
        }
        if (n.depth() < 1 || n.depth() > MAX_LINK_DEPTH) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "neighbourhood depth is " + n.depth()
                    + ", it must be between 1 and " + MAX_LINK_DEPTH);
        }
        if (n.limit() < 1 || n.limit() > limits.maxPageSize()) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "neighbourhood limit is " + n.limit()
                    + ", it must be between 1 and " + limits.maxPageSize());
        }
        n.types().forEach(t -> identifier("link type", t));
    }

    void linkEnds(MemoryId from, MemoryId to, String type) {
        id(from);
        id(to);
        identifier("link type", type);
    }

    void link(MemoryId from, MemoryId to, String type, double weight) {
        if (from != null && from.equals(to)) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "memory " + from + " cannot link to itself;"
                    + " a link joins two memories");
        }
        linkEnds(from, to, type);
        if (!Double.isFinite(weight)) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "link weight is " + weight
                    + "; use a finite number");
        }
    }

    void messages(List<MessageDraft> messages) {
        if (messages == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "messages is null");
        }
        if (messages.size() > limits.maxBatchSize()) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, messages.size() + " messages, the limit is "
                    + limits.maxBatchSize() + "; append them in smaller batches");
        }
        for (int i = 0; i < messages.size(); i++) {
            MessageDraft m = messages.get(i);
            try {
                if (m == null) {
                    throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "message is null");
                }
                identifier("role", m.role());
                if (m.text() == null || m.text().isEmpty()) {
                    throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "message text is empty");
                }
                wellFormed("message text", m.text());
                if (m.text().length() > limits.maxContentChars()) {
                    throw new ValidationException(ErrorCode.CONTENT_TOO_LARGE, "message text has " + m.text().length()
                            + " chars, the limit is " + limits.maxContentChars());
                }
            } catch (ValidationException e) {
                throw new ValidationException(e.code(), "message " + i + ": " + e.getMessage());
            }
        }
    }

    void lastN(int n) {
        if (n < 1 || n > limits.maxPageSize()) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "asked for the last " + n
                    + " messages, it must be between 1 and " + limits.maxPageSize());
        }
    }

    void content(String content) {
        if (content.isEmpty()) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "content is empty; store some text");
        }
        wellFormed("content", content);
        if (content.length() > limits.maxContentChars()) {
            throw new ValidationException(ErrorCode.CONTENT_TOO_LARGE, "content has " + content.length()
                    + " chars, the limit is " + limits.maxContentChars() + "; split it into several memories");
        }
    }

    void batchSize(int size) {
        if (size > limits.maxBatchSize()) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "batch has " + size
                    + " drafts, the limit is " + limits.maxBatchSize() + "; split it into smaller batches");
        }
    }

    void drafts(List<MemoryDraft> drafts) {
        if (drafts == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "drafts is null");
        }
        batchSize(drafts.size());
        int dim = -1;
        for (int i = 0; i < drafts.size(); i++) {
            MemoryDraft d = drafts.get(i);
            try {
                draft(d);
            } catch (ValidationException e) {
                throw new ValidationException(e.code(), "draft " + i + ": " + e.getMessage());
            }
            int n = d.embedding().length;
            if (dim >= 0 && n != dim) {
                throw new ValidationException(ErrorCode.DIMENSION_MISMATCH, "draft " + i + " has " + n
                        + " dimensions, draft 0 has " + dim + "; a namespace holds one dimension");
            }
            dim = n;
        }
    }

    /** A time to live: positive and at most {@link Limits#MAX_TTL}. */
    static void ttl(java.time.Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "ttl is " + ttl + "; use a positive duration");
        }
        if (ttl.compareTo(Limits.MAX_TTL) > 0) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "ttl is " + ttl + ", longer than the longest"
                    + " the store keeps (" + Limits.MAX_TTL.toDays() + " days); use a shorter one, or none to keep"
                    + " the memory until it is deleted");
        }
    }

    /** An instant the store can represent: {@link Limits#MIN_INSTANT} to {@link Limits#MAX_INSTANT}. */
    static void instant(String what, java.time.Instant t) {
        if (t.isBefore(Limits.MIN_INSTANT) || t.isAfter(Limits.MAX_INSTANT)) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, what + " is " + t + ", outside the instants the"
                    + " store represents (" + Limits.MIN_INSTANT + " to " + Limits.MAX_INSTANT + ")");
        }
    }

    void vector(String what, float[] v) {
        if (v.length == 0) {
            throw new ValidationException(ErrorCode.INVALID_VECTOR, what + " is empty; give at least one dimension");
        }
        if (v.length > limits.maxDimension()) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, what + " has " + v.length
                    + " dimensions, the limit is " + limits.maxDimension());
        }
        double squares = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new ValidationException(ErrorCode.INVALID_VECTOR, what + " holds " + v[i] + " at index " + i
                        + "; every component must be a finite number");
            }
            squares += (double) v[i] * v[i];
        }
        double norm = Math.sqrt(squares);
        if (norm != 0 && (norm < Limits.MIN_NORM || norm > Limits.MAX_NORM)) {
            // Scores are float dot products: past these bounds they overflow to infinity or
            // underflow to zero, and the memory could not even be found by its own vector.
            throw new ValidationException(ErrorCode.INVALID_VECTOR, what + " has norm " + norm + ", outside "
                    + Limits.MIN_NORM + " to " + Limits.MAX_NORM + "; scale it (embeddings are usually of norm 1)");
        }
    }

    void metadata(Metadata metadata) {
        if (metadata.size() > limits.maxMetadataEntries()) {
            throw new ValidationException(ErrorCode.INVALID_METADATA, "metadata has " + metadata.size()
                    + " entries, the limit is " + limits.maxMetadataEntries());
        }
        for (Map.Entry<String, Object> e : metadata.asMap().entrySet()) {
            if (!Limits.IDENTIFIER_PATTERN.matcher(e.getKey()).matches()) {
                throw new ValidationException(ErrorCode.INVALID_IDENTIFIER, "metadata key " + quote(e.getKey())
                        + " is not a valid identifier; use 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit");
            }
            Object v = e.getValue();
            if (v instanceof String text) {
                try {
                    wellFormed("metadata value of '" + e.getKey() + "'", text);
                } catch (ValidationException bad) {
                    throw new ValidationException(ErrorCode.INVALID_METADATA, bad.getMessage());
                }
            }
            if (v instanceof String s && s.length() > limits.maxMetadataValueChars()) {
                throw new ValidationException(ErrorCode.INVALID_METADATA, "metadata value of '" + e.getKey() + "' has "
                        + s.length() + " chars, the limit is " + limits.maxMetadataValueChars());
            }
            if (v instanceof Double d && !Double.isFinite(d)) {
                throw new ValidationException(ErrorCode.INVALID_METADATA, "metadata value of '" + e.getKey() + "' is "
                        + d + "; use a finite number");
            }
        }
    }

    void search(Search search) {
        if (search == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "search is null");
        }
        topK(search.topK());
        if (Double.isNaN(search.minScore())) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "minScore is NaN; use a number");
        }
        if (search.mode() == SearchMode.KEYWORD || search.mode() == SearchMode.HYBRID) {
            if (search.text().isEmpty()) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "a " + modeName(search) + " search needs"
                        + " text; use Search.keyword(String) or Search.hybrid(float[], String)");
            }
        }
        if (search.mode() != SearchMode.KEYWORD && !search.hasVector()) {
            throw new ValidationException(ErrorCode.NO_EMBEDDER, "search has text but the store has no embedder;"
                    + " search with Search.vector(float[]) or Search.keyword(String), or configure"
                    + " StoreConfig.Builder.embedder");
        }
        if (search.hasVector()) {
            vector("query vector", search.vector());
        }
        search.filter().ifPresent(this::filter);
        search.near().ifPresent(this::neighbourhood);
    }

    private static String modeName(Search search) {
        return search.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    void topK(int k) {
        if (k < 1 || k > limits.maxTopK()) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "topK is " + k + ", it must be between 1 and "
                    + limits.maxTopK());
        }
    }

    void listQuery(ListQuery query) {
        if (query == null) {
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "list query is null");
        }
        if (query.limit() < 1 || query.limit() > limits.maxPageSize()) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "page size is " + query.limit()
                    + ", it must be between 1 and " + limits.maxPageSize());
        }
        query.filter().ifPresent(this::filter);
    }

    /**
     * Decodes a cursor made by {@link #cursor}, checking that it is intact and was made for the
     * same tenant, namespace and filter.
     *
     * @throws ValidationException with {@link ErrorCode#INVALID_CURSOR} otherwise
     */
    MemoryId parseCursor(String cursor, String tenant, String namespace, Filter filter) {
        MemoryId after = Cursors.decode(cursor, tenant, namespace, filter);
        if (after == null) {
            // The cursor is not quoted: it is the caller's input, and may hold another listing's ids.
            throw new ValidationException(ErrorCode.INVALID_CURSOR, "the cursor (" + cursor.length() + " chars) is not"
                    + " a cursor of this listing (it was changed, or made for another namespace or filter); pass"
                    + " Page.nextCursor() of the previous page of the same query");
        }
        return after;
    }

    /** The cursor of the page after {@code last} of this listing. Opaque to callers. */
    static String cursor(MemoryId last, String tenant, String namespace, Filter filter) {
        return Cursors.encode(last, tenant, namespace, filter);
    }

    void filter(Filter filter) {
        if (filter == null) {
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter is null");
        }
        int nodes = filter(filter, 1);
        if (nodes > MAX_FILTER_NODES) {
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter has " + nodes
                    + " nodes and values, the limit is " + MAX_FILTER_NODES);
        }
    }

    private int filter(Filter filter, int depth) {
        if (depth > MAX_FILTER_DEPTH) {
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter is nested deeper than " + MAX_FILTER_DEPTH
                    + " levels; flatten it with and(...)/or(...) of several operands");
        }
        if (filter instanceof Filter.Compare c) {
            field(c.field());
            value(c.field(), c.value());
            return 1;
        } else if (filter instanceof Filter.In in) {
            field(in.field());
            if (in.values().isEmpty()) {
                throw new ValidationException(ErrorCode.INVALID_FILTER, (in.negated() ? "notIn" : "in") + " on '"
                        + in.field() + "' has no values; give at least one");
            }
            in.values().forEach(v -> value(in.field(), v));
            return 1 + in.values().size();
        } else if (filter instanceof Filter.Exists e) {
            if (e.field().isTime()) {
                throw new ValidationException(ErrorCode.INVALID_FILTER, "exists is not defined on " + e.field()
                        + ": every memory has one");
            }
            field(e.field());
            return 1;
        } else if (filter instanceof Filter.Contains c) {
            if (c.field().isTime()) {
                throw new ValidationException(ErrorCode.INVALID_FILTER, "contains is not defined on " + c.field());
            }
            field(c.field());
            value(c.field(), c.substring());
            return 1;
        } else if (filter instanceof Filter.And a) {
            return 1 + a.filters().stream().mapToInt(f -> filterNotNull(f, depth)).sum();
        } else if (filter instanceof Filter.Or o) {
            return 1 + o.filters().stream().mapToInt(f -> filterNotNull(f, depth)).sum();
        } else {
            return 1 + filterNotNull(((Filter.Not) filter).filter(), depth);
        }
    }

    private int filterNotNull(Filter f, int depth) {
        if (f == null) {
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter has a null operand");
        }
        return filter(f, depth + 1);
    }

    private void field(Filter.Field field) {
        if (!field.isTime() && !Limits.IDENTIFIER_PATTERN.matcher(field.key()).matches()) {
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter key " + quote(field.key())
                    + " is not a valid identifier; use 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
    }

    private void value(Filter.Field field, Object v) {
        if (v instanceof java.time.Instant t && (t.isBefore(Limits.MIN_INSTANT) || t.isAfter(Limits.MAX_INSTANT))) {
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter value of '" + field + "' is " + t
                    + ", outside the instants the store represents (" + Limits.MIN_INSTANT + " to "
                    + Limits.MAX_INSTANT + ")");
        }
        if (v instanceof String text) {
            try {
                wellFormed("filter value of '" + field + "'", text);
            } catch (ValidationException bad) {
                throw new ValidationException(ErrorCode.INVALID_FILTER, bad.getMessage());
            }
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter value of '" + field + "' is " + d
                    + "; use a finite number");
        }
        if (v instanceof String s && s.length() > limits.maxMetadataValueChars()) {
            throw new ValidationException(ErrorCode.INVALID_FILTER, "filter value of '" + field + "' has "
                    + s.length() + " chars, the limit is " + limits.maxMetadataValueChars());
        }
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder sb = new StringBuilder("'");
        shown.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('\'').toString();
    }
}
