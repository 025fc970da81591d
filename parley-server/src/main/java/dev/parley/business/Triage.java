package dev.parley.business;

import dev.parley.memo.Lru;
import dev.parley.textmodel.Embedder;
import dev.parley.textmodel.KernelModel;
import dev.parley.textmodel.Pleasantries;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Labels a customer's message {@code question}, {@code complaint} or {@code praise} by meaning,
 * not by keywords alone: the message's sentence embedding is read by a kernel model ({@link
 * KernelModel}, {@code triage-model.json} beside this class), its words and letters by a linear
 * model added to it, both trained on some 1,450 customer messages from many writers and kinds of
 * business. Every message with text gets a label, with a
 * confidence: the model's probability for it, so an agent sees where triage hesitated instead of
 * an unlabelled message.
 *
 * <p>Agents' corrections come first: a message that is nearly one an agent already labelled
 * (cosine {@value #SAME_MEANING} or more) takes the agent's label, so a correction is not undone
 * by the next message like it.
 *
 * <p>Runs off the request path (the inbox's intake thread). Corrections' embeddings are
 * remembered.
 */
public final class Triage {
    public static final String QUESTION = "question";
    public static final String COMPLAINT = "complaint";
    public static final String PRAISE = "praise";
    public static final List<String> LABELS = List.of(QUESTION, COMPLAINT, PRAISE);
    static final double SAME_MEANING = 0.8;
    /** Agents' corrections are embedded once each, not at every message. */
    private static final int MEMO = 2000;

    /** A message an agent labelled. */
    public record Example(String label, String text) {}

    /**
     * @param score the confidence in the label, 0 to 1: the model's probability (for an agent's
     *              correction that decided it, the cosine to the corrected message)
     */
    public record Result(String label, double score) {}

    private final Embedder embedder;
    private final Supplier<KernelModel> model;
    private final Lru<String, float[]> learnedVectors = new Lru<>(MEMO);

    private Triage(Embedder embedder, Supplier<KernelModel> model) {
        this.embedder = embedder;
        this.model = model;
    }

    /**
     * Triage with the bundled model (read at the first message, not at the node's start), reading
     * the given sentence embeddings ({@link dev.parley.textmodel.MiniLm}).
     */
    public static Triage standard(Embedder embedder) {
        return new Triage(embedder, KernelModel.shipped(Triage.class, "triage-model.json", m -> {
            if (!new HashSet<>(m.classes()).equals(new HashSet<>(LABELS)) || !m.extras().isEmpty()) {
                throw new IllegalStateException("a triage model labels " + LABELS + " with no measurement beside the message");
            }
        }));
    }

    /**
     * @param learned the business's corrections, newest first
     * @return the label, empty only for a message without text
     */
    public Optional<Result> classify(String text, List<Example> learned) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String read = Pleasantries.strip(text); // without the greeting, thanks and emoji around it
        float[] v = embed(read);
        Result closestLearned = null;
        for (Example e : learned) {
            double s = cosine(v, learnedVectors.get(e.text(), t -> embed(Pleasantries.strip(t))));
            if (s >= SAME_MEANING && (closestLearned == null || s > closestLearned.score())) {
                closestLearned = new Result(e.label(), s);
            }
        }
        if (closestLearned != null) {
            return Optional.of(closestLearned);
        }
        KernelModel m = model.get();
        double[] p = m.probabilities(read, v);
        if (!read.equals(text)) {
            // Both readings weigh: "… still not fixed. Thanks!" is a complaint read without its thanks, and "Collected
            // my bike today. Thank you so much!" is praise only with it.
            double[] asWritten = m.probabilities(text, embed(text));
            for (int c = 0; c < p.length; c++) {
                p[c] = (p[c] + asWritten[c]) / 2;
            }
        }
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            best = p[c] > p[best] ? c : best;
        }
        return Optional.of(new Result(m.classes().get(best), p[best]));
    }

    private float[] embed(String text) {
        return Embedder.unit(embedder.embedOpening(text));
    }

    private static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
