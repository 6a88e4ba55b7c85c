package dev.agentmemory.langchain4j;

import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Search;
import dev.agentmemory.SearchMode;
import dev.agentmemory.ValidationException;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.langchain4j.internal.Arguments;
import dev.agentmemory.langchain4j.internal.FilterTranslator;
import dev.agentmemory.langchain4j.internal.MetadataCodec;
import dev.agentmemory.langchain4j.internal.RelevanceScores;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Thread-safe: share one instance. A LangChain4j {@link EmbeddingStore} of {@link TextSegment}s kept
 * in one namespace of one tenant of a shared {@link MemoryStore}.
 *
 * <pre>{@code
 * MemoryStore store = MemoryStores.open("sqlite:./data/memories.db");   // the application owns it
 * EmbeddingStore<TextSegment> docs = AgentMemoryEmbeddingStore.builder()
 *         .store(store).tenant("alice").namespace("docs").build();
 * }</pre>
 *
 * <p>How LangChain4j's model maps onto the store (in full in {@code docs/LANGCHAIN4J.md}):
 * <ul>
 *   <li>Ids are UUID strings. Generated ids are time-ordered (version 7); callers may choose any
 *       UUID. Adding with an id that exists in this namespace replaces that entry.
 *   <li>Scores are LangChain4j relevance scores, {@code (cosine + 1) / 2}; {@code minScore} is read
 *       the same way.
 *   <li>Metadata values keep their LangChain4j type (String, UUID, Integer, Long, Float, Double).
 *       Keys must be core identifiers: 1 to 64 letters, digits, {@code _}, {@code -} or {@code .},
 *       starting with a letter or digit.
 *   <li>Keys starting with {@value #RESERVED_KEY_PREFIX} are reserved for the adapter's own
 *       entries: {@value #TEXT_KEY} ({@code false} on entries added without a segment, which are
 *       stored with placeholder content and come back with {@code embedded() == null}) and
 *       {@value #TYPES_KEY} (the keys whose LangChain4j type differs from the stored type).
 *   <li>Filters run inside the store, during the scan: see {@link #search}.
 * </ul>
 *
 * <p>Every entry is a new memory: the namespace view has exact deduplication off, since LangChain4j
 * expects each add to store an entry even when the text repeats. The store's lifecycle stays with
 * the caller: this class never closes it. Core's exceptions pass through: {@code ValidationException}
 * for a broken limit (dimension, batch size, {@code maxResults} over the store's topK limit),
 * {@code StorageException} and {@code StoreClosedException}.
 */
public final class AgentMemoryEmbeddingStore implements EmbeddingStore<TextSegment> {
    /** Metadata keys starting with this are the adapter's own; adding or filtering on them is refused. */
    public static final String RESERVED_KEY_PREFIX = MetadataCodec.RESERVED_PREFIX;
    /** Reserved key: {@code false} on entries added without a {@link TextSegment}. */
    public static final String TEXT_KEY = MetadataCodec.TEXT_KEY;
    /** Reserved key: the metadata keys whose LangChain4j type (Integer, Float, UUID) differs from the stored type. */
    public static final String TYPES_KEY = MetadataCodec.TYPES_KEY;
    /**
     * The content stored for an entry added without a {@link TextSegment}: the store requires
     * content, and this tells a person browsing the namespace what the entry is. {@value #TEXT_KEY}
     * is what marks such entries, not this text.
     */
    public static final String NO_TEXT_PLACEHOLDER = "[langchain4j embedding without text]";

    /** A concurrent update of the same id forces a re-read; past this many, something is thrashing. */
    private static final int MAX_REPLACE_ATTEMPTS = 5;
    /** Ids looked up per read, well under any sensible page-size limit. */
    private static final int LOOKUP_CHUNK = 100;

    private final MemoryStore store;
    private final Namespace namespace;
    private final SearchMode mode;

    private AgentMemoryEmbeddingStore(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "store");
        this.mode = Objects.requireNonNull(builder.mode, "searchMode");
        this.namespace = store.namespace(builder.tenant, builder.namespace,
                NamespaceOptions.defaults().exactDedup(false));
    }

    /** A builder; set the store, the tenant and the namespace. */
    public static Builder builder() {
        return new Builder();
    }

    /** The tenant the entries belong to. */
    public String tenant() {
        return namespace.tenant();
    }

    /** The namespace the entries live in. */
    public String namespace() {
        return namespace.name();
    }

    /**
     * Adds an embedding without text under a new id.
     *
     * @return the new id, a UUID
     * @throws IllegalArgumentException if the embedding is null
     */
    @Override
    public String add(Embedding embedding) {
        return addAll(List.of(Arguments.requireEmbedding(embedding, 0))).get(0);
    }

    /**
     * Adds an embedding without text under {@code id}, replacing the entry with that id if there is one.
     *
     * @throws IllegalArgumentException if the id is blank or not a UUID, or the embedding is null
     */
    @Override
    public void add(String id, Embedding embedding) {
        addAll(Collections.singletonList(id), List.of(Arguments.requireEmbedding(embedding, 0)), null);
    }

    /**
     * Adds an embedding with its segment (or without text if {@code textSegment} is null) under a new id.
     *
     * @return the new id, a UUID
     * @throws IllegalArgumentException if the embedding is null or a metadata key or value cannot be stored
     */
    @Override
    public String add(Embedding embedding, TextSegment textSegment) {
        return addAll(List.of(Arguments.requireEmbedding(embedding, 0)), Collections.singletonList(textSegment)).get(0);
    }

    /**
     * Adds embeddings without text under new ids, atomically.
     *
     * @return the new ids, in order
     * @throws IllegalArgumentException if the list or an embedding is null
     */
    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        Arguments.requireList(embeddings, "embeddings");
        return addAll(embeddings, null);
    }

    /**
     * Adds embeddings with their segments under new ids, atomically. {@code embedded} may be null
     * (no text for any entry) or hold nulls.
     *
     * @return the new ids, in order
     * @throws IllegalArgumentException if the lists differ in size, an embedding is null, or a
     *     metadata key or value cannot be stored
     */
    @Override
    public List<String> addAll(List<Embedding> embeddings, List<TextSegment> embedded) {
        Arguments.requireList(embeddings, "embeddings");
        Arguments.checkSizes(embeddings.size(), embedded, "embedded");
        List<MemoryDraft> drafts = drafts(embeddings, embedded);
        if (drafts.isEmpty()) {
            return List.of();
        }
        // Fresh ids cannot exist yet, so there is nothing to replace: one atomic putAll.
        List<MemoryId> ids = namespace.putAll(drafts);
        List<String> result = new ArrayList<>(ids.size());
        ids.forEach(id -> result.add(id.toString()));
        return result;
    }

    /**
     * Adds entries under the caller's ids. An id that exists in this namespace is replaced (its
     * embedding, text and metadata), the others are created. New entries are written in one
     * transaction, each replacement atomically on its own.
     *
     * @throws IllegalArgumentException if the lists differ in size, an id is blank, not a UUID
     *     or repeated, an embedding is null, or a metadata key or value cannot be stored
     * @throws ValidationException with {@code ALREADY_EXISTS} if an id belongs to another
     *     namespace of the tenant
     */
    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> embedded) {
        Arguments.requireList(ids, "ids");
        Arguments.requireList(embeddings, "embeddings");
        Arguments.checkSizes(ids.size(), embeddings, "embeddings");
        Arguments.checkSizes(ids.size(), embedded, "embedded");
        List<MemoryId> memoryIds = Arguments.parseIds(ids);
        if (new HashSet<>(memoryIds).size() != memoryIds.size()) {
            throw new IllegalArgumentException("ids repeat an id (" + ids + "); give each entry its own id");
        }
        List<MemoryDraft> drafts = drafts(embeddings, embedded);
        Map<MemoryId, Memory> existing = find(memoryIds);
        List<MemoryDraft> fresh = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            MemoryId id = memoryIds.get(i);
            if (existing.containsKey(id)) {
                replace(existing.get(id), drafts.get(i));
            } else {
                fresh.add(drafts.get(i).id(id));
            }
        }
        if (!fresh.isEmpty()) {
            namespace.putAll(fresh);
        }
    }

    /**
     * New ids, time-ordered UUIDs, as {@link #addAll(List, List)} assigns them.
     */
    @Override
    public List<String> generateIds(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(MemoryId.generate().toString());
        }
        return ids;
    }

    /**
     * Removes the entry with this id, if it is in this namespace.
     *
     * @throws IllegalArgumentException if the id is blank ("id cannot be null or blank", the
     *     message LangChain4j's contract requires) or not a UUID
     */
    @Override
    public void remove(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id cannot be null or blank");
        }
        namespace.delete(Arguments.parseId(id, 0));
    }

    /**
     * Removes the entries with these ids that are in this namespace, atomically.
     *
     * @throws IllegalArgumentException if the collection is null or empty ("ids cannot be null or
     *     empty", as LangChain4j's contract requires), or an id is blank or not a UUID
     */
    @Override
    public void removeAll(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("ids cannot be null or empty");
        }
        List<MemoryId> memoryIds = Arguments.parseIds(new ArrayList<>(new LinkedHashSet<>(ids)));
        String name = namespace.name();
        store.inTransaction(namespace.tenant(), tx -> {
            for (MemoryId id : memoryIds) {
                // A transaction reaches every namespace of the tenant: only delete what is ours.
                Optional<Memory> found = tx.get(id);
                if (found.isPresent() && found.get().namespace().equals(name)) {
                    tx.delete(id);
                }
            }
            return null;
        });
    }

    /**
     * Removes the entries whose metadata matches {@code filter}, atomically, inside the store.
     *
     * @throws IllegalArgumentException if the filter is null ("filter cannot be null", as
     *     LangChain4j's contract requires), or uses a key or value that cannot be stored
     * @throws UnsupportedOperationException for a filter type the adapter does not translate
     */
    @Override
    public void removeAll(dev.langchain4j.store.embedding.filter.Filter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter cannot be null");
        }
        namespace.deleteWhere(FilterTranslator.toCore(filter));
    }

    /** Removes every entry of this namespace, atomically. */
    @Override
    public void removeAll() {
        namespace.deleteWhere(Filter.and());
    }

    /**
     * The entries nearest to the query embedding, best first: at most {@code maxResults}, each with
     * a relevance score of at least {@code minScore}, and only those whose metadata matches the
     * filter. The filter runs inside the store during the scan, so a filtered search still finds
     * {@code maxResults} matches whenever that many entries pass it.
     *
     * <p>Hybrid search is opt-in ({@link Builder#searchMode}): with {@link SearchMode#AUTO} or
     * {@link SearchMode#HYBRID}, a request that carries its query text
     * ({@link EmbeddingSearchRequest#query()}, set by LangChain4j's content retrievers) fuses the
     * embedding with the text's words by reciprocal rank. The matches then come in fused order,
     * each scored with its own cosine relevance to the query embedding (so scores need not
     * decrease down the list); {@code minScore} drops vector candidates, and an entry found by
     * its words alone is kept whatever its relevance. The default, {@link SearchMode#VECTOR},
     * keeps LangChain4j's contract of matches in relevance order.
     *
     * @throws IllegalArgumentException if the request is null, or its filter uses a key or value
     *     that cannot be stored
     * @throws UnsupportedOperationException for a filter type the adapter does not translate
     * @throws ValidationException if the query's dimension differs from the namespace's or
     *     {@code maxResults} is over the store's topK limit
     */
    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request cannot be null");
        }
        float[] vector = request.queryEmbedding().vector();
        // AUTO falls back to the vector side alone for a text without words.
        boolean withText = mode != SearchMode.VECTOR && request.query() != null && !request.query().isBlank();
        Search search = (withText ? Search.text(request.query()).withVector(vector).mode(mode) : Search.vector(vector))
                .topK(request.maxResults())
                .minScore(RelevanceScores.cosineThreshold(request.minScore()));
        if (request.filter() != null) {
            search = search.where(FilterTranslator.toCore(request.filter()));
        }
        List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
        for (Match m : namespace.search(search)) {
            if (m.explanation().mode() == SearchMode.HYBRID) {
                matches.add(toMatch(m.memory(), RelevanceScores.fromCosine(cosine(vector, m.memory().embedding()))));
                continue;
            }
            double score = RelevanceScores.fromCosine(m.score());
            if (score >= request.minScore()) {
                matches.add(toMatch(m.memory(), score));
            }
        }
        return new EmbeddingSearchResult<>(matches);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length && i < b.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static EmbeddingMatch<TextSegment> toMatch(Memory memory, double score) {
        boolean hasText = memory.metadata().getBoolean(TEXT_KEY).orElse(true);
        TextSegment segment = hasText
                ? TextSegment.from(memory.content(), MetadataCodec.fromCore(memory.metadata()))
                : null;
        return new EmbeddingMatch<>(score, memory.id().toString(), Embedding.from(memory.embedding()), segment);
    }

    private static List<MemoryDraft> drafts(List<Embedding> embeddings, List<TextSegment> embedded) {
        List<MemoryDraft> drafts = new ArrayList<>(embeddings.size());
        for (int i = 0; i < embeddings.size(); i++) {
            float[] vector = Arguments.requireEmbedding(embeddings.get(i), i).vector();
            TextSegment segment = embedded == null ? null : embedded.get(i);
            drafts.add(segment == null
                    ? MemoryDraft.of(NO_TEXT_PLACEHOLDER).embedding(vector).metadata(TEXT_KEY, false)
                    : MemoryDraft.of(segment.text()).embedding(vector)
                            .metadata(MetadataCodec.toCore(segment.metadata())));
        }
        return drafts;
    }

    private Map<MemoryId, Memory> find(List<MemoryId> ids) {
        Map<MemoryId, Memory> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
            for (Memory m : namespace.getAll(ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK)))) {
                found.put(m.id(), m);
            }
        }
        return found;
    }

    /** Replaces a stored entry, re-reading it when another writer got there first. */
    private void replace(Memory current, MemoryDraft draft) {
        for (int attempt = 1; ; attempt++) {
            try {
                namespace.update(current.id(), current.version(), draft);
                return;
            } catch (VersionConflictException e) {
                if (attempt == MAX_REPLACE_ATTEMPTS) {
                    throw e;
                }
            } catch (MemoryNotFoundException e) {
                // Removed since we looked: the add creates it again.
                namespace.putAll(List.of(draft.id(current.id())));
                return;
            }
            Optional<Memory> reread = namespace.get(current.id());
            if (reread.isEmpty()) {
                namespace.putAll(List.of(draft.id(current.id())));
                return;
            }
            current = reread.get();
        }
    }

    /** Confined to the calling thread: builds an {@link AgentMemoryEmbeddingStore}. */
    public static final class Builder {
        private MemoryStore store;
        private String tenant;
        private String namespace;
        private SearchMode mode = SearchMode.VECTOR;

        private Builder() {}

        /**
         * How a search whose request carries query text runs: {@link SearchMode#VECTOR}
         * (default: the embedding alone, in relevance order as LangChain4j's contract expects),
         * {@link SearchMode#AUTO} (hybrid when the backend has a keyword index) or
         * {@link SearchMode#HYBRID} (fails on a backend without one); see {@link #search}. A
         * request without text is always a vector search.
         *
         * @throws IllegalArgumentException for {@link SearchMode#KEYWORD}: an embedding store
         *     search always has an embedding
         */
        public Builder searchMode(SearchMode searchMode) {
            if (searchMode == SearchMode.KEYWORD) {
                throw new IllegalArgumentException("searchMode KEYWORD would ignore the request's embedding; use"
                        + " AUTO, HYBRID or VECTOR, or Namespace.search(Search.keyword(text)) on the store");
            }
            this.mode = searchMode;
            return this;
        }

        /** The store to keep the entries in; the caller opens and closes it. */
        public Builder store(MemoryStore memoryStore) {
            this.store = memoryStore;
            return this;
        }

        /** The tenant that owns the entries; an identifier. */
        public Builder tenant(String tenantName) {
            this.tenant = tenantName;
            return this;
        }

        /** The namespace the entries live in; an identifier. */
        public Builder namespace(String namespaceName) {
            this.namespace = namespaceName;
            return this;
        }

        /**
         * Builds the embedding store.
         *
         * @throws NullPointerException if no store was set
         * @throws ValidationException if the tenant or namespace is not an identifier
         * @throws dev.agentmemory.StoreClosedException if the store is closed
         */
        public AgentMemoryEmbeddingStore build() {
            return new AgentMemoryEmbeddingStore(this);
        }
    }
}
