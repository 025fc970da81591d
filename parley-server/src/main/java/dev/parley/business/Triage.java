package dev.parley.business;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Labels a customer's message {@code question}, {@code complaint} or {@code praise} by meaning,
 * not by keywords: the message and a list of labelled example sentences are turned into sentence
 * embeddings, and the label whose closest examples are nearest wins (the mean cosine of its
 * {@value #K} nearest). Every message with text gets a label, with a confidence: how far the
 * winner is ahead of the others (a softmax of the labels' scores), so an agent sees where triage
 * hesitated instead of an unlabelled message.
 *
 * <p>Agents' corrections are examples too: a message that is nearly one an agent already labelled
 * (cosine {@value #SAME_MEANING} or more) takes the agent's label, so a correction is not undone
 * by the next message like it.
 *
 * <p>Runs off the request path (the inbox's intake thread). The examples' embeddings are made
 * once, on first use; corrections' are remembered.
 */
public final class Triage {
    public static final String QUESTION = "question";
    public static final String COMPLAINT = "complaint";
    public static final String PRAISE = "praise";
    public static final List<String> LABELS = List.of(QUESTION, COMPLAINT, PRAISE);
    static final int K = 3;
    /** Spreads the labels' cosines into a confidence; chosen so a clear lead of 0.1 reads as about 0.85. */
    static final double TEMPERATURE = 0.05;
    /** How much a question's wording and each word of praise or grievance move the scores (see {@link TriageCues}). */
    static final double ASKS = 0.05;
    static final double PER_WORD = 0.03;
    static final double SAME_MEANING = 0.8;
    /** The model reads about 256 word pieces; the start of a long message says what it is about. */
    private static final int MAX_CHARS = 1000;
    private static final int MEMO = 2000;

    /** A labelled sentence: a built-in prototype, or a message an agent labelled. */
    public record Example(String label, String text) {}

    /**
     * @param score the confidence in the label, 0 to 1 (for an agent's correction that decided it,
     *              the cosine to the corrected message)
     */
    public record Result(String label, double score) {}

    /** Turns text into a vector; the standard one is {@link MiniLm}. */
    @FunctionalInterface
    public interface Embedder {
        float[] embed(String text);
    }

    private final Embedder embedder;
    private final List<Example> prototypes;
    private volatile List<float[]> prototypeVectors;
    private final Map<String, float[]> memo = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > MEMO;
        }
    };

    public Triage(Embedder embedder, List<Example> prototypes) {
        this.embedder = embedder;
        this.prototypes = List.copyOf(prototypes);
    }

    /** Triage with the built-in prototypes and the bundled sentence-embedding model. */
    public static Triage standard(MiniLm model) {
        return new Triage(model, prototypes());
    }

    /** The built-in examples ({@code triage-prototypes.txt} beside this class): "label: sentence" lines. */
    public static List<Example> prototypes() {
        List<Example> out = new ArrayList<>();
        try (InputStream in = Triage.class.getResourceAsStream("triage-prototypes.txt")) {
            if (in == null) {
                throw new IllegalStateException("triage-prototypes.txt is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int colon = line.indexOf(':');
                if (line.isBlank() || line.startsWith("#") || colon < 0) {
                    continue;
                }
                String label = line.substring(0, colon).trim();
                if (!LABELS.contains(label)) {
                    throw new IllegalStateException("triage-prototypes.txt: unknown label '" + label + "'");
                }
                out.add(new Example(label, line.substring(colon + 1).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * @param learned the business's corrections, newest first
     * @return the label, empty only for a message without text
     */
    public Optional<Result> classify(String text, List<Example> learned) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        float[] v = embed(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        Result closestLearned = null;
        for (Example e : learned) {
            double s = cosine(v, remembered(e.text()));
            if (s >= SAME_MEANING && (closestLearned == null || s > closestLearned.score())) {
                closestLearned = new Result(e.label(), s);
            }
        }
        if (closestLearned != null) {
            return Optional.of(closestLearned);
        }
        List<float[]> vectors = prototypeVectors();
        Map<String, List<Double>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < prototypes.size(); i++) {
            byLabel.computeIfAbsent(prototypes.get(i).label(), k -> new ArrayList<>()).add(cosine(v, vectors.get(i)));
        }
        for (Example e : learned) {
            byLabel.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(cosine(v, remembered(e.text())));
        }
        TriageCues.Cues cues = TriageCues.of(text);
        List<Result> scores = byLabel.entrySet().stream()
                .map(e -> new Result(e.getKey(), meanOfBest(e.getValue()) + cue(e.getKey(), cues))).toList();
        Result best = scores.stream().max(Comparator.comparingDouble(Result::score)).orElseThrow();
        double sum = scores.stream().mapToDouble(r -> Math.exp((r.score() - best.score()) / TEMPERATURE)).sum();
        return Optional.of(new Result(best.label(), 1 / sum));
    }

    /** The wording's nudge to a label's score (cosine units): asking, praising, complaining. */
    static double cue(String label, TriageCues.Cues c) {
        return switch (label) {
            case QUESTION -> c.asks() ? ASKS : 0;
            case PRAISE -> PER_WORD * (c.praise() - c.grievance());
            case COMPLAINT -> PER_WORD * (c.grievance() - c.praise());
            default -> 0;
        };
    }

    private static double meanOfBest(List<Double> scores) {
        return scores.stream().sorted(Comparator.reverseOrder()).limit(K).mapToDouble(Double::doubleValue)
                .average().orElse(-1);
    }

    private List<float[]> prototypeVectors() {
        List<float[]> v = prototypeVectors;
        if (v == null) {
            synchronized (this) {
                if (prototypeVectors == null) {
                    prototypeVectors = prototypes.stream().map(p -> embed(p.text())).toList();
                }
                v = prototypeVectors;
            }
        }
        return v;
    }

    private float[] remembered(String text) {
        synchronized (memo) {
            float[] v = memo.get(text);
            if (v != null) {
                return v;
            }
        }
        float[] v = embed(text);
        synchronized (memo) {
            memo.put(text, v);
        }
        return v;
    }

    private float[] embed(String text) {
        float[] v = embedder.embed(text);
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
