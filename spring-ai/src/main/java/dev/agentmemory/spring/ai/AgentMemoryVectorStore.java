package dev.agentmemory.spring.ai;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryNotFoundException;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.spring.ai.internal.DocumentCodec;
import dev.agentmemory.spring.ai.internal.DocumentIds;
import dev.agentmemory.spring.ai.internal.FilterTranslator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.observation.conventions.VectorStoreSimilarityMetric;
import org.springframework.ai.vectorstore.AbstractVectorStoreBuilder;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * Thread-safe: share one instance. A Spring AI {@link org.springframework.ai.vectorstore.VectorStore}
 * kept in one namespace of one tenant of a shared {@link MemoryStore}.
 *
 * <pre>{@code
 * VectorStore docs = AgentMemoryVectorStore.builder(store, embeddingModel)
 *         .tenant("alice").namespace("docs")
 *         .observationRegistry(observationRegistry)     // optional: Spring AI's observations
 *         .build();
 * }</pre>
 *
 * <p>How Spring AI's model maps onto the store (in full in {@code docs/SPRING_AI.md}):
 * <ul>
 *   <li>Each document is one memory whose content is the document's text and whose embedding
 *       comes from the {@link EmbeddingModel}. Adding a document whose id is stored already
 *       replaces it. Ids are any non-blank strings, kept in the memory's metadata beside a
 *       memory id derived from them.
 *   <li>Scores are cosine similarities; a search's similarity threshold is read the same way,
 *       and a threshold of 0 ({@link SearchRequest#SIMILARITY_THRESHOLD_ACCEPT_ALL}) accepts
 *       every match. Each result carries {@code distance = 1 - score} in its metadata.
 *   <li>Filter expressions run inside the store during the scan (never after top-k), and inside
 *       the database for deletes. Every Spring AI operator is translated.
 *   <li>Every add, delete and search is a Spring AI observation ({@code db.vector.client.operation})
 *       with the {@code db.system} {@value #DB_SYSTEM}, the collection {@code tenant/namespace},
 *       the dimensions and the similarity metric.
 * </ul>
 *
 * <p>The namespace view has exact deduplication off: Spring AI expects each added document to
 * be stored even when its text repeats another's. The store's lifecycle stays with the caller.
 * Core's exceptions pass through: {@code ValidationException} (a dimension that differs from the
 * namespace's, a topK over the store's limit), {@code StorageException}, {@code StoreClosedException}.
 */
public final class AgentMemoryVectorStore extends AbstractObservationVectorStore {
    /** The {@code db.system} of the observations. */
    public static final String DB_SYSTEM = "agent_memory";

    /**
     * Each concurrent replace of the same id forces a re-read, and every round one writer wins, so
     * this bounds the writers of one id at once; past it, something is thrashing.
     */
    private static final int MAX_REPLACE_ATTEMPTS = 64;
    /** Ids looked up per read, under any sensible page-size limit. */
    private static final int LOOKUP_CHUNK = 100;

    private final MemoryStore store;
    private final Namespace namespace;
    private volatile Integer dimensions;

    private AgentMemoryVectorStore(Builder builder) {
        super(builder);
        this.store = builder.store;
        this.namespace = store.namespace(builder.tenant, builder.namespace, NamespaceOptions.defaults().exactDedup(false));
    }

    /**
     * A builder over {@code store} (which the caller opens and closes), embedding with {@code embeddingModel}.
     *
     * @throws NullPointerException if either is null
     */
    public static Builder builder(MemoryStore store, EmbeddingModel embeddingModel) {
        return new Builder(store, embeddingModel);
    }

    /** The tenant the documents belong to. */
    public String tenant() {
        return namespace.tenant();
    }

    /** The namespace the documents live in. */
    public String namespace() {
        return namespace.name();
    }

    /**
     * Embeds and stores documents. New documents are written in one transaction; a document whose
     * id is stored already is replaced (its text, embedding and metadata), atomically on its own.
     *
     * @throws IllegalArgumentException if a document has no text, repeats another's id, or has a
     *     metadata key or value that cannot be stored
     * @throws ValidationException if an embedding's dimension differs from the namespace's
     */
    @Override
    public void doAdd(List<Document> documents) {
        Map<MemoryId, MemoryDraft> drafts = new LinkedHashMap<>();
        List<float[]> embeddings = embeddingModel.embed(documents, EmbeddingOptions.builder().build(), batchingStrategy);
        for (int i = 0; i < documents.size(); i++) {
            MemoryId id = memoryId(documents.get(i).getId());
            MemoryDraft draft = DocumentCodec.toDraft(documents.get(i), embeddings.get(i), id);
            if (drafts.put(id, draft) != null) {
                throw new IllegalArgumentException("documents repeat the id " + documents.get(i).getId()
                        + "; give each document its own id");
            }
        }
        Map<MemoryId, Memory> existing = find(new ArrayList<>(drafts.keySet()));
        List<MemoryDraft> fresh = new ArrayList<>();
        drafts.forEach((id, draft) -> {
            if (existing.containsKey(id)) {
                replace(existing.get(id), draft);
            } else {
                fresh.add(draft);
            }
        });
        if (!fresh.isEmpty()) {
            putFresh(fresh);
        }
    }

    /**
     * Writes documents that were absent when looked up, in one transaction; if another thread
     * added one of the same ids meanwhile, each document is then written on its own, replacing
     * what that thread wrote (the later add wins, as for any add of an existing id).
     */
    private void putFresh(List<MemoryDraft> fresh) {
        try {
            namespace.putAll(fresh);
        } catch (ValidationException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            for (MemoryDraft draft : fresh) {
                Optional<Memory> current = namespace.get(draft.id().orElseThrow());
                if (current.isPresent()) {
                    replace(current.get(), draft);
                } else {
                    namespace.putAll(List.of(draft));
                }
            }
        }
    }

    private MemoryId memoryId(String documentId) {
        return DocumentIds.toMemoryId(namespace.tenant(), namespace.name(), documentId);
    }

    /**
     * Deletes the documents with these ids that are in this namespace, atomically.
     *
     * @throws IllegalArgumentException if an id is null or blank
     */
    @Override
    public void doDelete(List<String> idList) {
        List<MemoryId> ids = new ArrayList<>(new LinkedHashSet<>(idList.stream().map(this::memoryId).toList()));
        if (ids.isEmpty()) {
            return;
        }
        String name = namespace.name();
        store.inTransaction(namespace.tenant(), tx -> {
            for (MemoryId id : ids) {
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
     * Deletes the documents whose metadata matches {@code filterExpression}, atomically, inside the database.
     *
     * @throws IllegalArgumentException if the expression is null or uses a key or value that cannot be stored
     */
    @Override
    protected void doDelete(Filter.Expression filterExpression) {
        namespace.deleteWhere(FilterTranslator.toCore(filterExpression));
    }

    /**
     * The documents nearest the request's query, best first: at most topK, each at least as similar
     * as the threshold, and only those matching the filter expression.
     *
     * @throws IllegalArgumentException if the filter uses a key or value that cannot be stored
     * @throws ValidationException if the query's dimension differs from the namespace's or topK is
     *     over the store's limit
     */
    @Override
    public List<Document> doSimilaritySearch(SearchRequest request) {
        float[] query = embeddingModel.embed(request.getQuery());
        Search search = Search.vector(query).topK(request.getTopK());
        if (request.getSimilarityThreshold() > SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL) {
            search = search.minScore(request.getSimilarityThreshold());
        }
        if (request.hasFilterExpression()) {
            search = search.where(FilterTranslator.toCore(request.getFilterExpression()));
        }
        List<Document> documents = new ArrayList<>();
        for (Match match : namespace.search(search)) {
            documents.add(DocumentCodec.toDocument(match));
        }
        return documents;
    }

    /** The observation context of an operation, under Spring AI's vector-store conventions. */
    @Override
    public VectorStoreObservationContext.Builder createObservationContextBuilder(String operationName) {
        return VectorStoreObservationContext.builder(DB_SYSTEM, operationName)
                .collectionName(namespace.tenant() + "/" + namespace.name())
                .namespace(namespace.tenant())
                .dimensions(dimensions())
                .similarityMetric(VectorStoreSimilarityMetric.COSINE.value());
    }

    /** The namespace view this store works on: the whole agent-memory API for its documents. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getNativeClient() {
        return Optional.of((T) namespace);
    }

    /** Asked once: a model without a configured dimension finds it by embedding a probe text. */
    private Integer dimensions() {
        Integer d = dimensions;
        if (d == null) {
            d = embeddingModel.dimensions();
            dimensions = d;
        }
        return d;
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

    /** Replaces a stored document, re-reading it when another writer got there first. */
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
                namespace.putAll(List.of(draft));   // deleted since we looked: the add creates it again
                return;
            }
            Optional<Memory> reread = namespace.get(current.id());
            if (reread.isEmpty()) {
                namespace.putAll(List.of(draft));
                return;
            }
            current = reread.get();
        }
    }

    /** Confined to the calling thread: builds an {@link AgentMemoryVectorStore}. */
    public static final class Builder extends AbstractVectorStoreBuilder<Builder> {
        private final MemoryStore store;
        private String tenant = "default";
        private String namespace = "documents";

        private Builder(MemoryStore store, EmbeddingModel embeddingModel) {
            super(embeddingModel);
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The tenant that owns the documents (default {@code default}); an identifier. */
        public Builder tenant(String tenantName) {
            this.tenant = tenantName;
            return this;
        }

        /** The namespace the documents live in (default {@code documents}); an identifier. */
        public Builder namespace(String namespaceName) {
            this.namespace = namespaceName;
            return this;
        }

        /**
         * Builds the vector store.
         *
         * @throws ValidationException if the tenant or namespace is not an identifier
         * @throws dev.agentmemory.StoreClosedException if the store is closed
         */
        @Override
        public AgentMemoryVectorStore build() {
            return new AgentMemoryVectorStore(this);
        }
    }
}
