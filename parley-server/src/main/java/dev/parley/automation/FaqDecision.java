package dev.parley.automation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whether the FAQ bot's best entry answers a question: the probability that it is the right
 * entry, from what {@link FaqMatcher} measured ({@link Features}), by a small set of boosted
 * decision trees trained on labelled questions to 59 businesses (scripts/faq-decision/).
 *
 * <p>It replaces round 7's hand-set lines (a raw score, a margin for words the business never
 * wrote, a smaller one for questions that say "you", and a veto when leaving out words brought the
 * question nearer the entry): the trees weigh the same signals together. Measured with each
 * business left out of training in turn, it answered more paraphrases right than the lines on
 * every set not tuned on, and as many unrelated questions or fewer (docs/BUSINESS-MODELS.md,
 * round 9). The
 * trees are monotone where the sense is clear: more similar never lowers the probability, a
 * larger gain from leaving out the question's own words never raises it.
 *
 * @implNote The probability maps to the confidence the settings speak of (0 to 1, default
 * threshold {@link FaqMatcher#DEFAULT_THRESHOLD}) piecewise linearly, so the default threshold
 * sits at the trained cut and the ask-back band's bottom at the trained ask-back line; a business
 * that raises its threshold asks for a higher probability.
 */
final class FaqDecision {
    /** The measurements, in the order the trees read them (as scripts/faq-decision/train.py names them). */
    static final List<String> FEATURES = List.of("phrasing", "answer", "words", "raw", "lead", "phrasing_lead",
            "answer_lead", "written", "addressed", "unwritten_units", "unwritten_share", "log_tokens", "gain",
            "unexplained", "raw_over_mean", "content_share", "entries", "pair");

    /**
     * What the trees read about the best entry.
     *
     * @param best       the best entry's fit
     * @param second     the runner-up's (the best's own when the business has one entry)
     * @param meanRaw    the mean raw score over all entries: how near the business as a whole is
     * @param written    every word of the question is the business's own or everyday
     * @param units      unwritten words and runs of them ({@link FaqMatcher#unwritten})
     * @param lonely     of them, single words
     * @param tokens     the question's words
     * @param terms      the question's content words ({@link WordOverlap#terms})
     * @param gain       how much nearer the entry the question gets without its least explained
     *                   unwritten unit (0 when there is none)
     * @param unexplained the gain passed {@link FaqMatcher#MAX_GAIN}
     * @param entries    how many entries the business has: with one, there is no runner-up to lead
     * @param pair       the word pairs' score of the question and the best entry ({@link FaqPairs})
     */
    record Features(FaqMatcher.Fit best, FaqMatcher.Fit second, double meanRaw, boolean written, boolean addressed,
                    int units, int lonely, int tokens, int terms, double gain, boolean unexplained, int entries,
                    double pair) {
        double[] vector() {
            int n = Math.max(1, tokens);
            return new double[] {best.phrasing(), best.answer(), best.words(), best.raw(), best.raw() - second.raw(),
                best.phrasing() - second.phrasing(), best.answer() - second.answer(), written ? 1 : 0,
                addressed ? 1 : 0, Math.min(units, 5), (double) lonely / n, Math.log(n), Math.max(gain, 0),
                unexplained ? 1 : 0, best.raw() - meanRaw, (double) terms / n, Math.min(entries, 10), pair};
        }
    }

    private static final FaqDecision SHIPPED = load("faq-decision.json");

    private final Tree[] trees;
    private final double cut;
    private final double askBack;

    /** One tree: internal nodes by index; a child below 0 is leaf {@code ~child}. */
    private record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] leaf) {
        double value(double[] x) {
            if (feature.length == 0) {
                return leaf[0];
            }
            int node = 0;
            while (node >= 0) {
                node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            }
            return leaf[~node];
        }
    }

    private FaqDecision(Tree[] trees, double cut, double askBack) {
        this.trees = trees;
        this.cut = cut;
        this.askBack = askBack;
    }

    /** The probability at which the bot answers at the default threshold. */
    double cut() {
        return cut;
    }

    /** The probability below which the bot no longer asks back at the default threshold. */
    double askBack() {
        return askBack;
    }

    static FaqDecision shipped() {
        return SHIPPED;
    }

    static FaqDecision load(String resource) {
        try (InputStream in = FaqDecision.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return parse(Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** faq-decision.json as scripts/faq-decision/train.py writes it. */
    private record Model(List<String> features, double cut, double askBack, List<Tree> trees) {}

    static FaqDecision parse(JsonNode json) {
        Model model;
        try {
            model = Json.MAPPER.treeToValue(json, Model.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the FAQ decision's model does not read", e);
        }
        if (!model.features().equals(FEATURES)) {
            throw new IllegalStateException("the FAQ decision was trained on other features: " + model.features());
        }
        return new FaqDecision(model.trees().toArray(Tree[]::new), model.cut(), model.askBack());
    }

    /** The probability that the best entry is the one the question means. */
    double probability(Features f) {
        double[] x = f.vector();
        double sum = 0;
        for (Tree t : trees) {
            sum += t.value(x);
        }
        return 1 / (1 + Math.exp(-sum));
    }

    /**
     * The confidence for a probability: the trained cut maps to the default threshold, the
     * ask-back line to the bottom of the ask-back band, straight lines between and beyond.
     */
    double confidence(double p) {
        double t = FaqMatcher.DEFAULT_THRESHOLD;
        double low = t - FaqMatcher.ASK_BACK_BAND;
        if (p <= askBack) {
            return low * p / askBack;
        }
        if (p <= cut) {
            return low + (t - low) * (p - askBack) / (cut - askBack);
        }
        return t + (1 - t) * (p - cut) / (1 - cut);
    }
}
