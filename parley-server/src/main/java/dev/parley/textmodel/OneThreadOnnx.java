package dev.parley.textmodel;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedding model run on the calling thread alone. ONNX Runtime's default splits each run
 * over a pool of one thread per core that spins between runs: a sentence of twenty tokens is a
 * few milliseconds of work, too little to share, and the spinning took CPU from everything else
 * on a 2-core node (message sends, sockets) and from the other test JVM and the browsers in CI.
 * Requests run side by side on their own threads instead, one core each.
 */
final class OneThreadOnnx extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    OneThreadOnnx(Path model, Path tokenizer, PoolingMode pooling) {
        super(Runnable::run); // embedAll's batches on the caller's thread too
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             InputStream vocabulary = Files.newInputStream(tokenizer)) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            encoder = new OnnxBertBiEncoder(env, env.createSession(model.toString(), options), vocabulary, pooling);
        } catch (OrtException e) {
            throw new IllegalStateException("the embedding model " + model + " could not be loaded", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }
}
