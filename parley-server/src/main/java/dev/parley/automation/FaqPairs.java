package dev.parley.automation;

import dev.parley.textmodel.ModelFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * How strongly a question's words go with an entry's words, learnt from the labelled questions of
 * many businesses ({@code scripts/faq-decision/pairs.py}, {@code faq-pairs.json}): one feature per
 * (question word, phrasing word) and, at a lower value, per (question word, answer word), hashed
 * into a fixed table of weights, plus the share of the question's words the phrasings hold. The
 * matcher ranks the entries with it ({@link FaqMatcher#PAIR_WEIGHT}) and the decision reads the best
 * entry's score beside its similarities ({@link FaqDecision}).
 *
 * @implNote Why: "when do you open" and "what are your opening hours" share no written word, and
 * their sentence embeddings are only fairly close, but across sixty businesses "open" in a question
 * and "hour" in an entry go together, as do "send back" and "return", "cheaper" and "price match".
 * One business's phrasings cannot teach that; the pairs carry it to a business they never saw. With
 * each business left out of training, the decision at its cut answered 60.3% of paraphrases right
 * and 17 of 1,413 unrelated questions, where without the pairs it answered 57.1% and 39; on six
 * businesses nothing was trained on, 62.5% right against 55.2%, no unrelated question answered
 * (docs/BUSINESS-MODELS.md, round 12). Words are hashed with CRC-32 as training hashes them; the file
 * carries questions with the scores training computed, which the tests hold this reading to.
 */
final class FaqPairs {
    private static final Pattern WORD = Pattern.compile("[a-z0-9]+");
    private static final List<String> SUFFIXES = List.of("ing", "ed", "es", "s");

    /** A question, an entry's phrasings and answer, and the score training computed for them. */
    record Check(String question, String phrasings, String answer, double score) {}

    private record Model(int buckets, double answerValue, double intercept, double shared, String weights,
                         List<Check> checks) {}

    private static final FaqPairs SHIPPED = new FaqPairs(ModelFile.read(FaqPairs.class, "faq-pairs.json", Model.class));

    private final double answerValue;
    private final double intercept;
    private final double shared;
    private final float[] weights;
    private final List<Check> checks;

    private FaqPairs(Model m) {
        this(weights(m), m.shared(), m.intercept(), m.answerValue(), m.checks() == null ? List.of() : m.checks());
    }

    /**
     * Pairs with these weights: training's fits with one business left out, with which the evaluation
     * ranks that business's entries as the node ranks a business the shipped pairs never saw.
     */
    FaqPairs(float[] weights, double shared, double intercept, double answerValue) {
        this(weights.clone(), shared, intercept, answerValue, List.of());
    }

    private FaqPairs(float[] weights, double shared, double intercept, double answerValue, List<Check> checks) {
        if (Integer.bitCount(weights.length) != 1) {
            throw new IllegalStateException("the FAQ word pairs' model has a weight for each of a power of two buckets");
        }
        this.weights = weights;
        this.shared = shared;
        this.intercept = intercept;
        this.answerValue = answerValue;
        this.checks = List.copyOf(checks);
    }

    /** The file's weights, base64 of little-endian floats, one a bucket. */
    private static float[] weights(Model m) {
        byte[] raw = Base64.getDecoder().decode(m.weights());
        if (raw.length != m.buckets() * Float.BYTES) {
            throw new IllegalStateException("the FAQ word pairs' model has a weight for each of its buckets");
        }
        float[] weights = new float[m.buckets()];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(weights);
        return weights;
    }

    /** The value an (question word, answer word) pair has beside a (question word, phrasing word) pair's 1. */
    double answerValue() {
        return answerValue;
    }

    static FaqPairs shipped() {
        return SHIPPED;
    }

    List<Check> checks() {
        return checks;
    }

    /** The score (a log-odds) that the entry answers the question. */
    double score(String question, AutomationStore.Faq entry) {
        return score(question, String.join(" | ", entry.questions()), entry.answer());
    }

    double score(String question, String phrasings, String answer) {
        Set<String> q = words(question);
        Set<String> e = words(phrasings);
        Set<String> a = words(answer);
        CRC32 crc = new CRC32();
        double z = intercept;
        int common = 0;
        for (String x : q) {
            for (String y : e) {
                z += weight(crc, "q:" + x + "|" + y);
            }
            for (String y : a) {
                z += answerValue * weight(crc, "a:" + x + "|" + y);
            }
            common += e.contains(x) ? 1 : 0;
        }
        return z + shared * common / Math.max(1, q.size());
    }

    private double weight(CRC32 crc, String feature) {
        crc.reset();
        crc.update(feature.getBytes(StandardCharsets.UTF_8));
        return weights[(int) (crc.getValue() & (weights.length - 1))];
    }

    /** Lower-cased ASCII letters and digits, a plural or -ing/-ed ending taken off. */
    static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(stem(m.group()));
        }
        return out;
    }

    private static String stem(String w) {
        for (String suffix : SUFFIXES) {
            if (w.length() > suffix.length() + 2 && w.endsWith(suffix)) {
                return w.substring(0, w.length() - suffix.length());
            }
        }
        return w;
    }
}
