package dev.parley.textmodel;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The bundled sentence-embedding model: all-MiniLM-L6-v2 (sentence-transformers, Apache License 2.0)
 * fine-tuned here on customers' questions to businesses' FAQ entries ({@code scripts/faq-embed}),
 * quantized to 8 bits, run in process by ONNX Runtime; no network. Loading takes about a second and
 * some 100 MB, so it happens on first use, on the thread that needs it, never at start, and once per
 * process: the model is immutable and thread-safe, so every {@code MiniLm} in the process shares it
 * (triage, the FAQ bot and the promotion check on one node; every node a test starts).
 *
 * @implNote ONNX Runtime reads a model from a file, so the first use copies the two resources into
 * the cache directory (the node's {@code models} folder) under names that carry a digest of their
 * bytes, and reuses them after. The tokenizer library (DJL) would look up cloud metadata and send usage
 * telemetry when it loads; this node opts out of both (offline mode) before anything loads, and the
 * native library it unpacks goes under the same directory.
 */
public final class MiniLm implements Embedder {
    static final String MODEL = "minilm-q.onnx";
    static final String TOKENIZER = "minilm-tokenizer.json";
    private final Path cacheDir;
    private static volatile EmbeddingModel model;

    public MiniLm(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    @Override
    public float[] embed(String text) {
        return model().embed(text).content().vector();
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (MiniLm.class) {
                if (model == null) {
                    System.setProperty("OPT_OUT_TRACKING", "true");
                    System.setProperty("ai.djl.offline", "true");
                    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
                        System.setProperty("DJL_CACHE_DIR", cacheDir.toAbsolutePath().toString());
                    }
                    model = new OneThreadOnnx(unpacked(cacheDir, MODEL), unpacked(cacheDir, TOKENIZER), PoolingMode.MEAN);
                }
                m = model;
            }
        }
        return m;
    }

    /**
     * The resource as a file in the cache directory, copied there once and named by a digest of its
     * bytes: a retrained model has the same size as the one before (the same network, quantized the same
     * way), so a name by size kept serving an upgraded node its old model. A copy whose bytes differ
     * from the jar's (cut short by a full disk or a killed node) is replaced, and an earlier model's
     * copies are removed, so upgrades do not pile 23 MB files up.
     */
    static Path unpacked(Path cacheDir, String resource) {
        try {
            String digest = digest(MiniLm.class.getResourceAsStream(resource), resource);
            Path target = cacheDir.resolve(digest + "-" + resource);
            if (!Files.exists(target) || !digest.equals(digest(Files.newInputStream(target), resource))) {
                Files.createDirectories(cacheDir);
                Path partial = Files.createTempFile(cacheDir, resource, ".part");
                try (InputStream in = MiniLm.class.getResourceAsStream(resource)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            removeEarlierCopies(cacheDir, resource, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the embedding model " + resource + " into " + cacheDir, e);
        }
    }

    /** The first 16 hex digits of the stream's SHA-256 (about 60 ms for the model, once a process). */
    private static String digest(InputStream stream, String resource) throws IOException {
        if (stream == null) {
            throw new IllegalStateException(resource + " is missing from the jar");
        }
        try (InputStream in = stream) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Copies of this resource from other jars ("size-name" before round 15, "digest-name" since). */
    private static void removeEarlierCopies(Path cacheDir, String resource, Path keep) throws IOException {
        try (var files = Files.list(cacheDir)) {
            Pattern copy = Pattern.compile("[0-9a-f]+-" + Pattern.quote(resource));
            for (Path p : files.filter(p -> !p.equals(keep) && copy.matcher(p.getFileName().toString()).matches()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
