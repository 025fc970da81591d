package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The promotion check on a labelled set of 200+ messages from many kinds of business
 * ({@code eval/promotions.tsv}): promotions in many forms, and service replies that mention
 * prices, refunds, discounts owed and orders. On the held-out half (never used to shape the
 * rules) it must catch 95% of promotions and flag at most 3% of service replies. Figures and
 * misses are printed for CI's output and docs/BUSINESS-MODELS.md.
 */
@Tag("store-free")
class PromotionEvaluationTest {
    private final PromotionClassifier classifier = new PromotionClassifier();
    private final LabelledSet set = LabelledSet.load("promotions.tsv");
    private final LabelledSet second = LabelledSet.load("promotions-2.tsv");

    record Score(int promos, int caught, int service, int flagged) {
        double recall() {
            return (double) caught / promos;
        }

        double falsePositives() {
            return (double) flagged / service;
        }
    }

    private Score measure(String split) {
        return measure(set, "promotions.tsv", split);
    }

    private Score measure(LabelledSet set, String name, String split) {
        int promos = 0;
        int caught = 0;
        int service = 0;
        int flagged = 0;
        List<String> misses = new ArrayList<>();
        double highestService = -99;
        String highestServiceText = "";
        for (LabelledSet.Row r : set.split(split)) {
            PromotionClassifier.Verdict v = classifier.classify(r.col(1));
            if (r.col(0).equals("promo")) {
                promos++;
                if (v.promotional()) {
                    caught++;
                } else {
                    misses.add("promotion missed (" + v.score() + "): " + r.col(1));
                }
            } else {
                service++;
                if (v.score() > highestService) {
                    highestService = v.score();
                    highestServiceText = r.col(1);
                }
                if (v.promotional()) {
                    flagged++;
                    misses.add("service flagged " + v.reasons() + ": " + r.col(1));
                }
            }
        }
        Score s = new Score(promos, caught, service, flagged);
        System.out.printf("promotion check, " + name + " %s: recall %d/%d = %.1f%%, service replies flagged %d/%d = %.1f%%%n",
                split, caught, promos, 100 * s.recall(), flagged, service, 100 * s.falsePositives());
        misses.forEach(m -> System.out.println("  " + m));
        System.out.printf("  highest-scoring service reply (%.1f, threshold %.1f): %s%n", highestService,
                PromotionClassifier.THRESHOLD, highestServiceText);
        return s;
    }

    @Test
    void theSetIsLargeAndVaried() {
        assertThat(set.rows()).hasSizeGreaterThanOrEqualTo(200);
        assertThat(set.split(LabelledSet.HELDOUT)).hasSizeGreaterThanOrEqualTo(100);
        assertThat(set.rows()).allSatisfy(r -> assertThat(r.col(0)).isIn("promo", "service"));
    }

    @Test
    void catchesPromotionsAndSparesServiceRepliesOnTheHeldOutSet() {
        measure(LabelledSet.TUNE);
        Score held = measure(LabelledSet.HELDOUT);
        assertThat(held.recall()).as("recall on held-out promotions").isGreaterThanOrEqualTo(0.95);
        assertThat(held.falsePositives()).as("service replies flagged").isLessThanOrEqualTo(0.03);
    }

    /**
     * Three more writers, none of whom saw the first set or the rules: the rules fall short of the
     * bar on the one whose lines did not shape them (docs/BUSINESS-MODELS.md). This holds what was
     * reached; it is not the goal.
     */
    @Test
    void onASecondSetFromOtherWritersTheRulesFallShortAndHoldWhatTheyReached() {
        assertThat(second.split(LabelledSet.HELDOUT)).hasSize(100);
        measure(second, "promotions-2.tsv", LabelledSet.TUNE);
        Score held = measure(second, "promotions-2.tsv", LabelledSet.HELDOUT);
        assertThat(held.recall()).as("recall on the third writer's promotions").isGreaterThanOrEqualTo(0.72);
        assertThat(held.falsePositives()).as("the third writer's service replies flagged").isLessThanOrEqualTo(0.02);
    }

    @Test
    void theIssuesExamplesArePromotion() {
        for (String text : List.of("Buy one inner tube, get one free, this week only!", "Two for one on all bottles until Friday!",
                "Everything must go - clearance prices on all bikes!")) {
            assertThat(classifier.classify(text).promotional()).as(text).isTrue();
            assertThat(classifier.classify(text).reasons()).as(text).isNotEmpty();
        }
    }
}
