package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import dev.parley.textmodel.TestEmbedder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The issue's own case, measured as its owner would meet it: one shop, five entries typed as one question each,
 * customers who write every way and sometimes name the shop ({@code eval/faq-one-shop.tsv}). Each question goes
 * through the bot as the node reads it (the shop's name and {@code @handle} as "you", {@link OwnName}), at the
 * default threshold. Figures printed for docs/BUSINESS-MODELS.md. The same on three shops written blind
 * ({@code eval/faq-one-shop-blind*.tsv}), never tuned on.
 */
@Tag("store-free")
class FaqOneShopEvaluationTest {
    private static final List<AutomationStore.Faq> ENTRIES = List.of(
            entry("hours", "What are your opening hours?", "We're open Monday to Saturday 9am–6pm and Sunday 10am–4pm."),
            entry("shipping", "How long does shipping take?",
                    "UK orders arrive in 2–4 working days; express next-day delivery is available at checkout."),
            entry("returns", "What is your returns policy?", "You can return unused items within 30 days for a full"
                    + " refund; bring them to the shop or post them back with the prepaid label."),
            entry("pricematch", "Do you price match?", "Yes, we match any UK retailer's advertised price on the same item"
                    + " in stock; show us the link at checkout or in store."),
            entry("location", "Where is your store?", "We're at 14 Kirkgate, Leeds LS2 7DJ, two minutes from the station."));
    private static final List<String> NAMES = List.of("Northfield Cycles", "@northfield");

    private static AutomationStore.Faq entry(String id, String question, String answer) {
        return new AutomationStore.Faq(id, question, answer, List.of(), Instant.EPOCH);
    }

    @Test
    void aShopWithOneQuestionAnEntryAnswersOrAsksBackEveryParaphraseAndNoUnrelatedQuestion() {
        FaqMatcher matcher = new FaqMatcher(TestEmbedder.shared());
        double threshold = AutomationSettings.defaults().faqBot().threshold();
        int paraphrases = 0;
        int right = 0;
        int askedBackRight = 0;
        int wrong = 0;
        int nearAnswered = 0;
        int unrelatedAnswered = 0;
        for (LabelledSet.Row r : LabelledSet.load("faq-one-shop.tsv").rows()) {
            String label = r.col(0);
            Optional<FaqMatcher.Match> m = matcher.best(OwnName.inQuestion(r.col(1), ENTRIES, "", NAMES), ENTRIES, "");
            boolean answers = m.isPresent() && m.get().answers(threshold);
            boolean onEntry = m.isPresent() && m.get().entry().id().equals(label);
            switch (label) {
                case "near" -> nearAnswered += answers ? 1 : 0;
                case "unrelated" -> unrelatedAnswered += answers ? 1 : 0;
                default -> {
                    paraphrases++;
                    right += answers && onEntry ? 1 : 0;
                    wrong += answers && !onEntry ? 1 : 0;
                    askedBackRight += !answers && onEntry && m.get().asksBack(threshold) ? 1 : 0;
                    if (!(answers && onEntry)) {
                        System.out.printf("  one shop, not answered right (%.3f, %s): %s%n", m.map(FaqMatcher.Match::score)
                                .orElse(0.0), m.map(x -> x.entry().id()).orElse("-"), r.col(1));
                    }
                }
            }
        }
        System.out.printf("faq bot, one shop (faq-one-shop.tsv): paraphrases right %d/%d = %.1f%%, asked back right %d,"
                + " wrong entry %d; near misses answered %d, unrelated answered %d%n", right, paraphrases,
                100.0 * right / paraphrases, askedBackRight, wrong, nearAnswered, unrelatedAnswered);
        assertThat(wrong).as("paraphrases answered with another entry").isZero();
        assertThat(unrelatedAnswered).as("unrelated questions answered").isZero();
        assertThat(nearAnswered).as("near misses answered").isLessThanOrEqualTo(1);
        assertThat(right + askedBackRight).as("paraphrases answered or asked back right").isEqualTo(paraphrases);
        assertThat((double) right / paraphrases).as("paraphrases answered right").isGreaterThanOrEqualTo(0.75);
    }

    /** The three blind shops' names as their customers write them (display name and @handle). */
    private static final Map<String, List<String>> BLIND_NAMES = Map.of(
            "repairs", List.of("Fixpoint Repairs", "@fixpointhgt"),
            "yoga", List.of("Stillwater Yoga", "@stillwateryoga"),
            "clothes", List.of("Marlow Threads", "@marlowthreads"));

    /** What the bot did with one set's questions at the default threshold. */
    private static final class Tally {
        int paraphrases;
        int right;
        int askedBackRight;
        int wrong;
        int near;
        int nearAnswered;
        int unrelated;
        int unrelatedAnswered;

        void add(String label, Optional<FaqMatcher.Match> m, double threshold) {
            boolean answers = m.isPresent() && m.get().answers(threshold);
            boolean onEntry = m.isPresent() && m.get().entry().id().equals(label);
            switch (label) {
                case "near" -> { near++; nearAnswered += answers ? 1 : 0; }
                case "unrelated" -> { unrelated++; unrelatedAnswered += answers ? 1 : 0; }
                default -> {
                    paraphrases++;
                    right += answers && onEntry ? 1 : 0;
                    wrong += answers && !onEntry ? 1 : 0;
                    askedBackRight += !answers && onEntry && m.get().asksBack(threshold) ? 1 : 0;
                }
            }
        }

        String line() {
            return String.format("paraphrases right %d/%d = %.1f%%, asked back right %d, wrong entry %d; near misses"
                    + " answered %d/%d, unrelated answered %d/%d", right, paraphrases, 100.0 * right / paraphrases,
                    askedBackRight, wrong, nearAnswered, near, unrelatedAnswered, unrelated);
        }
    }

    @Test
    void threeShopsWrittenBlindGetNoWrongAnswerAndNoUnrelatedQuestionAnswered() {
        Map<String, List<AutomationStore.Faq>> entries = new LinkedHashMap<>();
        for (LabelledSet.Row r : LabelledSet.load("faq-one-shop-blind-entries.tsv").rows()) {
            entries.computeIfAbsent(r.col(0), k -> new ArrayList<>()).add(entry(r.col(1), r.col(2), r.col(3)));
        }
        FaqMatcher matcher = new FaqMatcher(TestEmbedder.shared());
        double threshold = AutomationSettings.defaults().faqBot().threshold();
        Map<String, Tally> byShop = new LinkedHashMap<>();
        Tally all = new Tally();
        for (LabelledSet.Row r : LabelledSet.load("faq-one-shop-blind.tsv").rows()) {
            List<AutomationStore.Faq> shop = entries.get(r.col(0));
            Optional<FaqMatcher.Match> m = matcher.best(OwnName.inQuestion(r.col(2), shop, "",
                    BLIND_NAMES.get(r.col(0))), shop, "");
            byShop.computeIfAbsent(r.col(0), k -> new Tally()).add(r.col(1), m, threshold);
            all.add(r.col(1), m, threshold);
        }
        byShop.forEach((shop, t) -> System.out.printf("faq bot, one shop written blind (%s): %s%n", shop, t.line()));
        System.out.printf("faq bot, three shops written blind (faq-one-shop-blind.tsv): %s%n", all.line());
        assertThat(all.paraphrases).isEqualTo(240);
        assertThat(all.unrelatedAnswered).as("unrelated questions answered").isZero();
        assertThat(all.wrong).as("paraphrases answered with another entry").isLessThanOrEqualTo(1);
        assertThat(all.nearAnswered).as("near misses answered").isLessThanOrEqualTo(2);
        assertThat((double) all.right / all.paraphrases).as("paraphrases answered right").isGreaterThanOrEqualTo(0.6);
        assertThat((double) (all.right + all.askedBackRight) / all.paraphrases)
                .as("paraphrases answered or asked back right").isGreaterThanOrEqualTo(0.88);
    }
}
