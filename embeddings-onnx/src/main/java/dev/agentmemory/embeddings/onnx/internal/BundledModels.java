package dev.agentmemory.embeddings.onnx.internal;

import dev.agentmemory.embeddings.onnx.LocalModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;

/**
 * Static helpers: loads each {@link LocalModel} from its LangChain4j class. A model's class,
 * whose static initialiser reads the 23-34 MB model file, is touched only when that model is
 * loaded, so an application that uses one model pays for that one.
 */
public final class BundledModels {
    private BundledModels() {}

    /**
     * Loads {@code model}; takes a few hundred milliseconds to a second, once per call.
     *
     * @throws IllegalStateException if the model or its tokenizer cannot be loaded, or its jar is
     *     not on the class path
     */
    public static BundledModel load(LocalModel model) {
        try {
            return loadFromItsJar(model);
        } catch (NoClassDefFoundError e) {
            // bge and e5 are optional dependencies of this module: 34 MB each, not every application wants them.
            throw new IllegalStateException("the " + model.displayName() + " model is not on the class path: add the"
                    + " dependency " + model.artifact() + " (see docs/EMBEDDINGS.md for the version); " + e, e);
        }
    }

    private static BundledModel loadFromItsJar(LocalModel model) {
        return switch (model) {
            case ALL_MINILM_L6_V2 -> BundledModel.load(model.displayName(), model.artifact(),
                    // The class literal does not initialise LangChain4j's own model class, which would
                    // load a second copy with ONNX Runtime's default threading (see OneThreadMiniLm).
                    AllMiniLmL6V2QuantizedEmbeddingModel.class,
                    executor -> OneThreadMiniLm.load(AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader(),
                            executor));
            case BGE_SMALL_EN_V15 -> BundledModel.load(model.displayName(), model.artifact(),
                    BgeSmallEnV15QuantizedEmbeddingModel.class, BgeSmallEnV15QuantizedEmbeddingModel::new);
            case E5_SMALL_V2 -> BundledModel.load(model.displayName(), model.artifact(),
                    E5SmallV2QuantizedEmbeddingModel.class, E5SmallV2QuantizedEmbeddingModel::new);
        };
    }
}
