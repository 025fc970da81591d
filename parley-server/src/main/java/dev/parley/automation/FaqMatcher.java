package dev.parley.automation;

import dev.parley.business.Triage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the FAQ entry a customer's question means, and says how sure it is. Each entry is seen
 * three ways: its phrasings (every question the owner wrote for it, the first also with its
 * keywords; the nearest one counts), its answer ("what time do you close?" is near "open 9am to
 * 6pm"), and the words the question shares with it ({@link WordOverlap}, rare words counting more).
 * The score adds them: the nearest phrasing, plus {@value #ANSWER_WEIGHT} of the answer's
 * similarity, plus {@value #LEXICAL_WEIGHT} of the shared words. Adding the answer rather than
 * taking the better of the two views is what parts "can you help with my tax return" (near the
 * phrasing "Can I return an item?", far from its answer about unused items and receipts) from
 * real paraphrases, which tend to be near both.
 *
 * @implNote The weights and the scale were chosen on {@code eval/faq-questions.tsv} (five kinds of
 * business) and measured on {@code eval/faq-heldout.tsv}, written before and never tuned on
 * (FaqEvaluationTest, docs/BUSINESS-MODELS.md). A lead over the runner-up was measured too and left
 * out: it cost paraphrases on the tuning set and saved no unrelated question.
 */
public final class FaqMatcher {
    public static final double DEFAULT_THRESHOLD = 0.55;
    /** How much the answer's similarity adds to the nearest phrasing's. */
    static final double ANSWER_WEIGHT = 0.6;
    /** How much the shared rare words add. */
    static final double LEXICAL_WEIGHT = 0.1;
    /** The raw score that maps to the default threshold (scores keep their spread around it). */
    static final double RAW_AT_THRESHOLD = 0.61;

    private final Triage.Embedder embedder;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    public FaqMatcher(Triage.Embedder embedder) {
        this.embedder = embedder;
    }

    /**
     * @param score   the confidence that this entry answers the question, 0 to 1
     * @param matched the entry's phrasing nearest the question
     */
    public record Match(AutomationStore.Faq entry, String matched, double score) {}

    /**
     * One entry's fit, before the runner-up is looked at.
     *
     * @param phrasing the cosine to the nearest of the entry's phrasings ({@code matched})
     * @param answer   the cosine to the entry's answer
     * @param words    the share of the question's rare words the entry holds
     */
    record Fit(AutomationStore.Faq entry, String matched, double phrasing, double answer, double words) {
        double raw() {
            return phrasing + ANSWER_WEIGHT * answer + LEXICAL_WEIGHT * words;
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
        Fit top = fits.get(0);
        return Optional.of(new Match(top.entry(), top.matched(), confidence(top.raw())));
    }

    /** Maps a raw score to 0–1, the default threshold where the tuning set's classes part. */
    static double confidence(double raw) {
        return Math.max(0, Math.min(1, DEFAULT_THRESHOLD + raw - RAW_AT_THRESHOLD));
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
            String matched = f.question();
            double phrasing = -1;
            for (String p : f.questions()) {
                double c = cosine(q, vector(p));
                if (c > phrasing) {
                    phrasing = c;
                    matched = p;
                }
            }
            if (!f.keywords().isEmpty()) {
                phrasing = Math.max(phrasing, cosine(q, vector(f.question() + " " + String.join(" ", f.keywords()))));
            }
            out.add(new Fit(f, matched, phrasing, cosine(q, vector(f.answer())), overlap.score(question, i)));
        }
        out.sort(Comparator.comparingDouble(Fit::raw).reversed());
        return out;
    }

    private static String words(AutomationStore.Faq f) {
        return String.join(" ", f.questions()) + " " + String.join(" ", f.keywords()) + " " + f.answer();
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
