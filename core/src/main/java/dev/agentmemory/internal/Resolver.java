package dev.agentmemory.internal;

import dev.agentmemory.Embedder;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Search;
import dev.agentmemory.SearchMode;
import dev.agentmemory.ValidationException;
import dev.agentmemory.spi.KeywordQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Thread-safe: share one instance per store. The resolve stage of an operation: embeds what has
 * no vector and validates, once per call, before its first storage attempt and outside any
 * transaction. Model inference happens here and nowhere else, so no retry runs the model again
 * and no write lock is held while it runs.
 */
final class Resolver {
    private final Validator validator;
    /** Null if the store has none. */
    private final Embedder embedder;
    /** True if the backend answers keyword searches. */
    private final boolean keywords;

    Resolver(Validator validator, Embedder embedder, boolean keywords) {
        this.validator = validator;
        this.embedder = embedder;
        this.keywords = keywords;
    }

    Validator validator() {
        return validator;
    }

    /** The draft, embedded if it has no vector and there is an embedder, and validated. */
    MemoryDraft draft(MemoryDraft draft) {
        MemoryDraft embedded = embedded(draft);
        validator.draft(embedded);
        return embedded;
    }

    /** The drafts, those without a vector embedded in one batch, validated as a batch. */
    List<MemoryDraft> drafts(List<MemoryDraft> drafts) {
        List<MemoryDraft> embedded = embedded(drafts);
        validator.drafts(embedded);
        return embedded;
    }

    /**
     * A draft given to a transaction: validated, never embedded.
     *
     * @throws ValidationException with {@link ErrorCode#EMBEDDING_REQUIRED} if it has no vector
     *     and the store has an embedder
     */
    MemoryDraft transactionDraft(MemoryDraft draft) {
        if (draft != null && !draft.hasEmbedding() && embedder != null) {
            throw new ValidationException(ErrorCode.EMBEDDING_REQUIRED, "the draft has no embedding, and a transaction"
                    + " does not run the embedder (" + embedder.name() + ") because it would hold the write lock"
                    + " during inference; embed the drafts before inTransaction with MemoryStore.embedded(drafts)");
        }
        validator.draft(draft);
        return draft;
    }

    /**
     * The search in a concrete mode (see {@link SearchMode#AUTO}), with its text embedded if the
     * mode has a vector side and the search no vector, validated.
     */
    Search search(Search search) {
        if (search == null || search.text().isEmpty()) {
            validator.search(search);
            return search;
        }
        String text = search.text().get();
        validator.searchText(text);
        Search resolved = search.mode(mode(search, text));
        if (resolved.mode() != SearchMode.VECTOR) {
            validator.keywordSearch(resolved, keywords);
        }
        if (resolved.mode() != SearchMode.KEYWORD && !resolved.hasVector() && embedder != null) {
            // Queries through embedQueries: an asymmetric model (bge, e5) prefixes them its own way.
            resolved = resolved.withVector(embed(List.of(text), embedder::embedQueries).get(0));
        }
        validator.search(resolved);
        return resolved;
    }

    private SearchMode mode(Search search, String text) {
        if (search.mode() != SearchMode.AUTO) {
            return search.mode();
        }
        boolean vectorSide = search.hasVector() || embedder != null;
        boolean keywordSide = keywords && !KeywordQuery.of(text).isEmpty();
        if (vectorSide) {
            return keywordSide ? SearchMode.HYBRID : SearchMode.VECTOR;
        }
        // No embedder: keyword search if the backend has it (an empty query then fails with a
        // clear message), else the vector search's NO_EMBEDDER.
        return keywords ? SearchMode.KEYWORD : SearchMode.VECTOR;
    }

    /** The draft with an embedding of its content if it has none and there is an embedder. */
    MemoryDraft embedded(MemoryDraft draft) {
        if (draft == null || draft.hasEmbedding() || embedder == null) {
            return draft;
        }
        validator.content(draft.content());
        return draft.embedding(embed(List.of(draft.content())).get(0));
    }

    /** The drafts, those without an embedding embedded in one batch. */
    List<MemoryDraft> embedded(List<MemoryDraft> drafts) {
        if (drafts == null || embedder == null) {
            return drafts == null ? null : new ArrayList<>(drafts);
        }
        validator.batchSize(drafts.size());
        List<String> texts = new ArrayList<>();
        for (MemoryDraft d : drafts) {
            if (d != null && !d.hasEmbedding()) {
                validator.content(d.content());
                texts.add(d.content());
            }
        }
        if (texts.isEmpty()) {
            return new ArrayList<>(drafts);
        }
        List<float[]> vectors = embed(texts);
        List<MemoryDraft> out = new ArrayList<>(drafts.size());
        int next = 0;
        for (MemoryDraft d : drafts) {
            out.add(d == null || d.hasEmbedding() ? d : d.embedding(vectors.get(next++)));
        }
        return out;
    }

    private List<float[]> embed(List<String> texts) {
        return embed(texts, embedder::embedAll);
    }

    private List<float[]> embed(List<String> texts, Function<List<String>, List<float[]>> model) {
        List<float[]> vectors;
        try {
            vectors = model.apply(texts);
        } catch (IllegalArgumentException e) {
            // The Embedder contract: this text cannot be embedded. The caller's input, not a fault.
            throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "the embedder " + embedder.name()
                    + " cannot embed this text: " + e.getMessage() + "; nothing was stored");
        } catch (RuntimeException e) {
            throw new MemoryStoreException(ErrorCode.EMBEDDER_FAILED, "the embedder " + embedder.name()
                    + " failed: " + e + "; nothing was stored", e);
        }
        if (vectors == null || vectors.size() != texts.size()) {
            throw new MemoryStoreException(ErrorCode.EMBEDDER_FAILED, "the embedder " + embedder.name() + " returned "
                    + (vectors == null ? "null" : vectors.size() + " vectors") + " for " + texts.size()
                    + " texts; it must return one vector per text, in order");
        }
        return vectors;
    }
}
