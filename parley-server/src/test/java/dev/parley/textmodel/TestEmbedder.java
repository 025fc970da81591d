package dev.parley.textmodel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's sentence model for the classifiers' tests, one per test JVM, each text embedded once.
 * The evaluations read the same blind sets many times over (as written, signed, greeted, disguised:
 * the undone disguise and the unsigned reading are the text as written again), and the model is
 * deterministic, so a vector computed once is the vector; the memo only saves the CPU (a CI run spent
 * four minutes embedding the same sentences again). The node itself embeds through {@link MiniLm} alone.
 */
public final class TestEmbedder {
    private static final int MOST = 200_000; // about 300 MB of vectors at worst; the evaluations hold about 40,000
    private static Embedder shared;

    private TestEmbedder() {}

    public static synchronized Embedder shared() {
        if (shared == null) {
            try {
                shared = memoised(new MiniLm(Files.createTempDirectory("parley-model")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** The model, each text embedded once (up to {@value #MOST} texts): for the evaluations' other models too. */
    public static Embedder memoised(Embedder model) {
        Map<String, float[]> memo = new ConcurrentHashMap<>();
        return text -> {
            float[] known = memo.get(text);
            if (known != null) {
                return known;
            }
            float[] v = model.embed(text);
            if (memo.size() < MOST) {
                memo.put(text, v);
            }
            return v;
        };
    }
}
