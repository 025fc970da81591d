package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.textmodel.TestEmbedder;
import dev.parley.eval.LabelledSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The promotion check on labelled messages from many kinds of business: promotions in many forms,
 * and service replies that mention prices, refunds, discounts owed and orders. The node's check
 * (rules and model) is measured on blind sets no rule or training saw ({@code
 * eval/promotions-3.tsv} to {@code -10.tsv}); the rules alone (the check with the model off) on the sets they were
 * shaped beside. Figures and misses are printed for CI's output and docs/BUSINESS-MODELS.md.
 */
@Tag("store-free")
class PromotionEvaluationTest {
    private static PromotionClassifier withModel;
    private PromotionClassifier classifier = new PromotionClassifier();
    private final LabelledSet set = LabelledSet.load("promotions.tsv");
    private final LabelledSet second = LabelledSet.load("promotions-2.tsv");

    @BeforeAll
    static void load() throws Exception {
        withModel = PromotionClassifier.withModel(TestEmbedder.shared());
    }

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
        System.out.printf("promotion check (" + (classifier == withModel ? "rules and model" : "rules alone") + "), "
                + name + " %s: recall %d/%d = %.1f%%, service replies flagged %d/%d = %.1f%%%n",
                split, caught, promos, 100 * s.recall(), flagged, service, 100 * s.falsePositives());
        misses.forEach(m -> System.out.println("  " + m));
        System.out.printf("  highest-scoring service reply (%.2f): %s%n", highestService, highestServiceText);
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

    /**
     * The claim, on ten writers who saw no other set, the rules or the model. The issue asks 95% of
     * promotions caught with at most 3% of service replies flagged; the model's cut was chosen in
     * training (at most 3% flagged with each writer left out). Round 12's kernel and words models,
     * trained on twenty-one writers (docs/BUSINESS-MODELS.md): 97%, 98%, 96%, 96%, 95%, 93%, 94% and
     * 93% caught, at most 1% flagged, 95.3% and 0.6% over all eight. The ninth and tenth sets were
     * written after the words' model and measured before and after its last five training writers
     * (91% and 91% before); one of those writers was briefed after the eighth set's misses were read.
     * Round 13 (two more training writers): 97, 99, 98, 96, 96, 95, 95 and 93% on those eight, and on the
     * eleventh and twelfth sets, written for the round and measured before (93% and 93%) and after: 96% and
     * 94%, none of their service replies flagged; 95.9% and 0.6% over all ten. Round 16 (the FAQ businesses'
     * answers learnt as service, {@link #faqAnswersOfBusinessesNoModelSawAreService}): 95, 99, 96, 97, 97, 97,
     * 93, 96, 95 and 97%, at most 2% flagged, 96.2% and 0.8% over all ten. The floors hold what was
     * reached, less a message or two for the sentence model's arithmetic on another processor.
     */
    @Test
    void withTheModelOnBlindSets() {
        List<String> names = List.of("promotions-3.tsv", "promotions-4.tsv", "promotions-5.tsv", "promotions-6.tsv",
                "promotions-7.tsv", "promotions-8.tsv", "promotions-9.tsv", "promotions-10.tsv", "promotions-11.tsv",
                "promotions-12.tsv");
        double[] floors = {0.94, 0.97, 0.95, 0.95, 0.95, 0.95, 0.92, 0.94, 0.94, 0.95};
        int promos = 0;
        int caught = 0;
        int service = 0;
        int flagged = 0;
        for (int i = 0; i < names.size(); i++) {
            LabelledSet blind = LabelledSet.load(names.get(i));
            assertThat(blind.split(LabelledSet.HELDOUT)).hasSize(200);
            classifier = withModel;
            Score s = measure(blind, names.get(i), LabelledSet.HELDOUT);
            classifier = new PromotionClassifier();
            Score byRules = measure(blind, names.get(i), LabelledSet.HELDOUT);
            assertThat(s.recall()).as("recall on " + names.get(i)).isGreaterThanOrEqualTo(floors[i]);
            assertThat(s.falsePositives()).as("service replies flagged in " + names.get(i)).isLessThanOrEqualTo(0.03);
            assertThat(s.recall()).as("the model catches more than the rules alone").isGreaterThan(byRules.recall());
            promos += s.promos();
            caught += s.caught();
            service += s.service();
            flagged += s.flagged();
        }
        Score all = new Score(promos, caught, service, flagged);
        System.out.printf("promotion check (rules and model), the ten blind sets: recall %d/%d = %.1f%%, service replies"
                + " flagged %d/%d = %.1f%%%n", caught, promos, 100 * all.recall(), flagged, service, 100 * all.falsePositives());
        assertThat(all.recall()).as("recall over the ten blind sets").isGreaterThanOrEqualTo(0.95);
        assertThat(all.falsePositives()).as("service replies flagged over the ten").isLessThanOrEqualTo(0.015);
    }

    /**
     * Answers owners wrote for their FAQ entries, of the businesses of the FAQ bot's blind sets
     * ({@code eval/faq-heldout-9-entries.tsv} to {@code -12}), which no model was trained on: prices, free
     * delivery over a sum, a student discount, a free consultation. The bot sends one because a customer
     * asked its question, and an answer read as promotion goes to nobody who has not opted in (a person
     * takes over instead), so they are held to the service replies' bar. Before the promotion model
     * learnt from the training businesses' answers, 35 of these 186 (18.8%) were read as promotion.
     */
    @Test
    void faqAnswersOfBusinessesNoModelSawAreService() {
        int answers = 0;
        List<String> flagged = new ArrayList<>();
        for (String name : List.of("faq-heldout-9-entries.tsv", "faq-heldout-10-entries.tsv", "faq-heldout-11-entries.tsv",
                "faq-heldout-12-entries.tsv")) {
            for (LabelledSet.Row r : LabelledSet.load(name).rows()) {
                answers++;
                PromotionClassifier.Verdict v = withModel.classify(r.col(4));
                if (v.promotional()) {
                    flagged.add(r.col(0) + ": " + r.col(4) + " " + v.reasons());
                }
            }
        }
        System.out.printf("promotion check (rules and model), FAQ answers of the FAQ bot's blind businesses: flagged %d/%d"
                + " = %.1f%%%n", flagged.size(), answers, 100.0 * flagged.size() / answers);
        flagged.forEach(f -> System.out.println("  flagged FAQ answer: " + f));
        assertThat(answers).isEqualTo(186);
        assertThat((double) flagged.size() / answers).as("FAQ answers read as promotion").isLessThanOrEqualTo(0.03);
    }

    /** The training sets, for the record: how well the model fits what it learnt from. */
    @Test
    void withTheModelOnItsTrainingSets() {
        classifier = withModel;
        measure(set, "promotions.tsv", LabelledSet.TUNE);
        measure(set, "promotions.tsv", LabelledSet.HELDOUT);
        measure(second, "promotions-2.tsv", LabelledSet.TUNE);
        Score third = measure(second, "promotions-2.tsv", LabelledSet.HELDOUT);
        assertThat(third.recall()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void theIssuesExamplesArePromotion() {
        for (PromotionClassifier c : List.of(classifier, withModel)) {
            for (String text : List.of("Buy one inner tube, get one free, this week only!", "Two for one on all bottles until Friday!",
                    "Everything must go - clearance prices on all bikes!")) {
                assertThat(c.classify(text).promotional()).as(text).isTrue();
                assertThat(c.classify(text).reasons()).as(text).isNotEmpty();
            }
        }
    }
}
