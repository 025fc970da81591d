package dev.parley.automation;

import dev.parley.business.Triage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the FAQ entry a customer's question means, by sentence embeddings rather than shared
 * words, so "when do you open?" finds "What are your opening hours?". Each entry is represented
 * by its question and by its question with its keywords; the best cosine wins.
 */
public final class FaqMatcher {
    private final Triage.Embedder embedder;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    public FaqMatcher(Triage.Embedder embedder) {
        this.embedder = embedder;
    }

    /** @param score cosine similarity of the question to the entry, -1 to 1 */
    public record Match(AutomationStore.Faq entry, double score) {}

    public Optional<Match> best(String question, List<AutomationStore.Faq> entries) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        float[] q = embedder.embed(question);
        Match best = null;
        for (AutomationStore.Faq f : entries) {
            double score = Math.max(cosine(q, vector(f.question())),
                    f.keywords().isEmpty() ? -1 : cosine(q, vector(f.question() + " " + String.join(" ", f.keywords()))));
            if (best == null || score > best.score()) {
                best = new Match(f, score);
            }
        }
        return Optional.of(best);
    }

    private float[] vector(String text) {
        if (cache.size() > 10_000) {
            cache.clear();
        }
        return cache.computeIfAbsent(text, embedder::embed);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
