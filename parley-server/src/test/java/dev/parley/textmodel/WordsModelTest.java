package dev.parley.textmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.business.Triage;
import dev.parley.safety.PromotionClassifier;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The words' model finds the terms scikit-learn found in training, weighs them as it did, and adds
 * its decisions to the machines' before the logistic; the shipped models agree with training on
 * the texts their files carry.
 */
@Tag("store-free")
class WordsModelTest {
    private static final Offset<Double> CLOSE = Offset.offset(1e-6);

    @Test
    void wordsAreRunsOfTwoOrMoreWordCharactersAndPairsOfThem() {
        assertThat(Terms.words("don't stop — a 2nd_try, café!", 1, 2)).isEqualTo(Map.of(
                "don", 1, "stop", 1, "2nd_try", 1, "café", 1,
                "don stop", 1, "stop 2nd_try", 1, "2nd_try café", 1));
        assertThat(Terms.words("sale sale", 1, 1)).isEqualTo(Map.of("sale", 2));
        assertThat(Terms.words("🎉 x", 1, 2)).as("an emoji and a lone letter are no words").isEmpty();
    }

    @Test
    void lettersAreCountedWithinSpacePaddedWordsByCodePoint() {
        // " ab " gives " ab", "ab " and itself; nothing longer.
        assertThat(Terms.letters("ab", 3, 5)).isEqualTo(Map.of(" ab", 1, "ab ", 1, " ab ", 1));
        // " x " is shorter than four: it counts once.
        assertThat(Terms.letters("x", 3, 5)).isEqualTo(Map.of(" x ", 1));
        // One emoji is one letter (two UTF-16 units), and any white space separates words.
        assertThat(Terms.letters("🎉\t\u00a0🎉", 3, 3)).isEqualTo(Map.of(" 🎉 ", 2));
    }

    @Test
    void theWordsDecisionIsAddedToTheMachinesBeforeTheLogistic() {
        KernelModel plain = KernelModel.load(WordsModelTest.class, "tiny-kernel-model.json");
        KernelModel both = KernelModel.load(WordsModelTest.class, "tiny-words-model.json");
        float[] v = {1, 0};
        double machines = logit(plain.probabilities(v, 0)[1]);
        // "sale" twice: its weight (1 + ln 2) · 2 alone, so 1 at unit length; 0.5 + 3 · 1, weighed 0.5.
        assertThat(logit(both.probabilities("Sale SALE", v, 0)[1])).isCloseTo(machines + 0.5 * 3.5, CLOSE);
        // "sale now": the word (idf 2) and the pair (idf 3) at unit length; "now" alone is no term.
        double norm = Math.sqrt(4 + 9);
        assertThat(logit(both.probabilities("sale now", v, 0)[1]))
                .isCloseTo(machines + 0.5 * (0.5 + 3 * 2 / norm + 3 / norm), CLOSE);
        // No known term: the intercept alone.
        assertThat(logit(both.probabilities("hello there", v, 0)[1])).isCloseTo(machines + 0.5 * 0.5, CLOSE);
        assertThatThrownBy(() -> both.probabilities(v, 0)).as("a model with words needs the text")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theShippedModelsReadWordsAsTrainingDid() {
        for (KernelModel m : new KernelModel[] {KernelModel.load(Triage.class, "triage-model.json"),
                KernelModel.load(PromotionClassifier.class, "promotion-model.json")}) {
            WordsModel words = m.words().orElseThrow();
            assertThat(words.checks()).hasSizeGreaterThan(10);
            for (WordsModel.Check check : words.checks()) {
                double[] d = words.decisions(check.text());
                for (int c = 0; c < d.length; c++) {
                    assertThat(d[c]).as("%s, machine %d", check.text(), c).isCloseTo(check.decisions()[c], Offset.offset(1e-3));
                }
            }
        }
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
