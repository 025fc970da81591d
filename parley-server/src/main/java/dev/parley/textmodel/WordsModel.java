package dev.parley.textmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A linear model of a message's words (one and two in a row) and letters (three to five in a row,
 * within a word), which a {@link KernelModel} adds to its machines' decisions. Each block of terms
 * is weighted as scikit-learn's {@code TfidfVectorizer} weights it ({@code 1 + ln(count)} times how
 * rare the term was in training, then scaled to unit length), and each class's decision is a
 * weighted sum of the terms, plus an intercept. Trained by {@code scripts/text-models/train.py}.
 *
 * @implNote Why words beside the embedding: the sentence model blurs the few words that make a
 * message an offer ("% off", "bogo", "only till friday") or a complaint ("again", "still not"),
 * and a writer the machines never saw says them in their own words. With each writer left out of
 * training, the two together caught 93.7% of promotions where the machines alone caught 86.0% (at
 * the same 2.9% of service replies flagged), and labelled 92.7% of customer messages right where
 * the machines labelled 90.0% (docs/BUSINESS-MODELS.md, round 12). The tokens follow
 * scikit-learn's rules to the letter (a word is two or more letters, digits or underscores; letters
 * are counted by code point, not by UTF-16 unit), and the file carries texts with the decisions
 * training computed for them, which the tests hold this reading to.
 */
public final class WordsModel {
    /** A block of terms: {@code word} n-grams or {@code char_wb} n-grams, each term's idf. */
    record Block(String analyzer, int[] ngrams, List<String> terms, double[] idf) {}

    /** A text and the decisions training computed for it. */
    record Check(String text, double[] decisions) {}

    /** The file's part: the weight of these decisions beside the machines', the blocks, per class a coefficient for each term. */
    record Part(double weight, List<Block> blocks, List<double[]> coefficients, double[] intercept, List<Check> checks) {}

    private final double weight;
    private final List<Block> blocks;
    private final List<Map<String, Integer>> index = new ArrayList<>();
    private final int[] offsets;
    private final double[][] coefficients;
    private final double[] intercept;
    private final List<Check> checks;

    WordsModel(Part p, int machines) {
        int width = p.blocks().stream().mapToInt(b -> b.terms().size()).sum();
        if (p.coefficients().size() != machines || p.intercept().length != machines
                || p.coefficients().stream().anyMatch(c -> c.length != width)
                || p.blocks().stream().anyMatch(b -> b.idf().length != b.terms().size() || b.ngrams().length != 2
                || !(b.analyzer().equals("word") || b.analyzer().equals("char_wb")))) {
            throw new IllegalStateException("a words model has word or char_wb blocks, an idf for each term, and per"
                    + " machine (" + machines + ") a coefficient for each of the " + width + " terms and an intercept");
        }
        weight = p.weight();
        blocks = List.copyOf(p.blocks());
        offsets = new int[blocks.size()];
        int offset = 0;
        for (int b = 0; b < blocks.size(); b++) {
            Map<String, Integer> terms = new HashMap<>();
            List<String> list = blocks.get(b).terms();
            for (int j = 0; j < list.size(); j++) {
                terms.put(list.get(j), j);
            }
            index.add(terms);
            offsets[b] = offset;
            offset += list.size();
        }
        coefficients = p.coefficients().toArray(new double[0][]);
        intercept = p.intercept().clone();
        checks = p.checks() == null ? List.of() : List.copyOf(p.checks());
    }

    /** How much these decisions count beside the machines'. */
    double weight() {
        return weight;
    }

    /** Texts with the decisions training computed for them. */
    List<Check> checks() {
        return checks;
    }

    /** Each machine's decision for the text's first {@value Embedder#OPENING_CHARS} characters, unweighted. */
    double[] decisions(String text) {
        String lower = (text.length() > Embedder.OPENING_CHARS ? text.substring(0, Embedder.OPENING_CHARS) : text)
                .toLowerCase(Locale.ROOT);
        double[] z = intercept.clone();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            Map<String, Integer> counts = block.analyzer().equals("word")
                    ? Terms.words(lower, block.ngrams()[0], block.ngrams()[1])
                    : Terms.letters(lower, block.ngrams()[0], block.ngrams()[1]);
            Map<String, Integer> terms = index.get(b);
            Map<Integer, Double> present = new HashMap<>(); // term → its weight before the block is scaled
            double squares = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                Integer j = terms.get(e.getKey());
                if (j != null) {
                    double v = (1 + Math.log(e.getValue())) * block.idf()[j];
                    present.put(j, v);
                    squares += v * v;
                }
            }
            double length = Math.sqrt(squares);
            for (Map.Entry<Integer, Double> t : present.entrySet()) {
                for (int c = 0; c < z.length; c++) {
                    z[c] += t.getValue() / length * coefficients[c][offsets[b] + t.getKey()];
                }
            }
        }
        return z;
    }
}
