package dev.parley.textmodel;

import java.nio.file.Path;

/**
 * The bundled sentence-embedding model (quantized all-MiniLM-L6-v2, run in process by ONNX
 * Runtime; no network). Loading takes about a second and some 100 MB, so it happens on first use,
 * on the thread that needs it, never at start, and once per process: the model is immutable and
 * thread-safe, so every {@code MiniLm} in the process shares it (triage, the FAQ bot and the
 * promotion check on one node; every node a test starts).
 *
 * @implNote The model's tokenizer library (DJL) would look up cloud metadata and send usage
 * telemetry when it loads; this node opts out of both (offline mode) before anything loads, and
 * the native library it unpacks goes under the node's data directory.
 */
public final class MiniLm implements Embedder {
    private final Path cacheDir;
    private static volatile dev.langchain4j.model.embedding.EmbeddingModel model;

    public MiniLm(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    @Override
    public float[] embed(String text) {
        return model().embed(text).content().vector();
    }

    private dev.langchain4j.model.embedding.EmbeddingModel model() {
        dev.langchain4j.model.embedding.EmbeddingModel m = model;
        if (m == null) {
            synchronized (MiniLm.class) {
                if (model == null) {
                    System.setProperty("OPT_OUT_TRACKING", "true");
                    System.setProperty("ai.djl.offline", "true");
                    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
                        System.setProperty("DJL_CACHE_DIR", cacheDir.toAbsolutePath().toString());
                    }
                    model = new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
                }
                m = model;
            }
        }
        return m;
    }
}
