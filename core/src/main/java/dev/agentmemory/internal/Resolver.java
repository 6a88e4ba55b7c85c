package dev.agentmemory.internal;

import dev.agentmemory.Embedder;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
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

    Resolver(Validator validator, Embedder embedder) {
        this.validator = validator;
        this.embedder = embedder;
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

    /** The search with its text embedded if it is a text search, validated. */
    Search search(Search search) {
        Search resolved = search;
        if (search != null && !search.hasVector() && search.text().isPresent() && embedder != null) {
            validator.searchText(search.text().get());
            // Queries through embedQueries: an asymmetric model (bge, e5) prefixes them its own way.
            resolved = search.withVector(embed(List.of(search.text().get()), embedder::embedQueries).get(0));
        }
        validator.search(resolved);
        return resolved;
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
