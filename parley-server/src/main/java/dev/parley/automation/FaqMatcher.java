package dev.parley.automation;

import dev.parley.business.Triage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the FAQ entry a customer's question means, and says how sure it is. Two views of each
 * entry are combined: its meaning (sentence embeddings of its question, its question with its
 * keywords, and its answer, so "what time do you close?" finds "What are your opening hours?"
 * through "open 9am to 6pm"), and the words the question shares with it ({@link WordOverlap}, rare
 * words counting more), which catches what the small model misses ("price match" for "will you
 * beat a competitor's price"). The confidence also looks at the runner-up: a question that fits
 * two entries about as well is less sure than one that fits one clearly.
 *
 * @implNote The weights and the scale were chosen on the tuning half of
 * {@code eval/faq-questions.tsv} (five kinds of business) so that the business's default
 * threshold, {@value #DEFAULT_THRESHOLD}, answers paraphrases and leaves unrelated questions
 * alone; FaqEvaluationTest measures them on the held-out half (docs/BUSINESS-MODELS.md).
 */
public final class FaqMatcher {
    public static final double DEFAULT_THRESHOLD = 0.55;
    /** How much the shared rare words count beside the meaning. */
    static final double LEXICAL_WEIGHT = 0.1;
    /** How much a clear lead over the runner-up adds, up to {@link #MAX_LEAD}. */
    static final double MARGIN_WEIGHT = 0.25;
    static final double MAX_LEAD = 0.1;
    /** The combined score that maps to the default threshold (scores keep their spread around it). */
    static final double RAW_AT_THRESHOLD = 0.36;

    private final Triage.Embedder embedder;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    public FaqMatcher(Triage.Embedder embedder) {
        this.embedder = embedder;
    }

    /** @param score the confidence that this entry answers the question, 0 to 1 */
    public record Match(AutomationStore.Faq entry, double score) {}

    /** One entry's fit, before the runner-up is looked at. */
    record Fit(AutomationStore.Faq entry, double meaning, double words) {
        double raw() {
            return meaning + LEXICAL_WEIGHT * words;
        }
    }

    public Optional<Match> best(String question, List<AutomationStore.Faq> entries) {
        return best(rank(question, entries));
    }

    /** The best of ranked fits, with its confidence. */
    static Optional<Match> best(List<Fit> fits) {
        if (fits.isEmpty()) {
            return Optional.empty();
        }
        double lead = fits.size() > 1 ? fits.get(0).raw() - fits.get(1).raw() : fits.get(0).raw();
        return Optional.of(new Match(fits.get(0).entry(), confidence(fits.get(0).raw(), lead)));
    }

    /** Maps a raw score and its lead over the runner-up to 0–1, the default threshold where they were tuned to part. */
    static double confidence(double raw, double lead) {
        double x = raw + MARGIN_WEIGHT * Math.min(lead, MAX_LEAD);
        return Math.max(0, Math.min(1, DEFAULT_THRESHOLD + x - RAW_AT_THRESHOLD));
    }

    /** Every entry's fit, best first. */
    List<Fit> rank(String question, List<AutomationStore.Faq> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        float[] q = embedder.embed(question);
        WordOverlap overlap = new WordOverlap(entries.stream().map(FaqMatcher::words).toList());
        List<Fit> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            AutomationStore.Faq f = entries.get(i);
            double meaning = Math.max(cosine(q, vector(f.question())), cosine(q, vector(f.answer())));
            if (!f.keywords().isEmpty()) {
                meaning = Math.max(meaning, cosine(q, vector(f.question() + " " + String.join(" ", f.keywords()))));
            }
            out.add(new Fit(f, meaning, overlap.score(question, i)));
        }
        out.sort(Comparator.comparingDouble(Fit::raw).reversed());
        return out;
    }

    private static String words(AutomationStore.Faq f) {
        return f.question() + " " + String.join(" ", f.keywords()) + " " + f.answer();
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
