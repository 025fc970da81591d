package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import dev.parley.textmodel.TestEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The promotion check on the ten blind sets ({@code eval/promotions-3.tsv} to {@code -12.tsv}) as businesses
 * really write them: greeted and signed, a sign-off after every message. The sets
 * as written are measured in {@link PromotionEvaluationTest}, disguised in {@link PromotionDisguiseEvaluationTest}:
 * three classes, so that two test JVMs share the work.
 */
@Tag("store-free")
class PromotionFramingEvaluationTest {
    private static PromotionClassifier withModel;

    @BeforeAll
    static void load() {
        withModel = PromotionClassifier.withModel(TestEmbedder.shared());
    }

    /** How a business opens a message to one customer: by name, to all, or not at all. */
    private static final List<String> GREETINGS = List.of("Hi Priya, ", "Hello Tom! ", "Hey there \uD83D\uDC4B ",
            "Good morning Alex, ", "Dear customer,\n", "Hi everyone! ", "Hello, ", "");
    /** And how it signs: the team, a person, the business's name, a wish. */
    private static final List<String> SIGN_OFFS = List.of("\n\nKind regards,\nthe team", " Cheers, Marco",
            " \u2014 Harbour Outfitters", " Best wishes, Sam at Bloom Florists", " Thanks, The Daily Grind",
            " Have a lovely weekend!", " Speak soon, Lena", "");

    /** The message as a business would send it to one customer: greeted and signed (each its own mix). */
    static String framed(String text, int i) {
        String greeting = GREETINGS.get(i % GREETINGS.size());
        String body = (greeting.endsWith(", ") || greeting.endsWith(",\n")) && text.length() > 1 && Character.isLowerCase(text.charAt(1))
                ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text;
        return greeting + body + SIGN_OFFS.get(i / GREETINGS.size() % SIGN_OFFS.size());
    }

    /**
     * Businesses greet the customer and sign their messages ("Hi Priya, … Kind regards, the team"), and
     * neither makes a message more or less of a promotion. Every message of the ten blind sets, each with its
     * own greeting and sign-off (none of them in any training set): the check before promotion round 17 caught 957
     * of the 1,000 promotions and flagged 11 service replies; round 17 973 and 18, the most of them framed "Hi everyone!"
     * or "Have a lovely weekend!", a broadcast's words (docs/BUSINESS-MODELS.md, promotion round 17); read also without
     * the greeting, 972 and 13.
     */
    @Test
    void aGreetingAndASignOffChangeNothing() {
        int[] i = {0};
        PromotionEvaluationTest.Score all = measureBlind(withModel, "greeted and signed", text -> framed(text, i[0]++));
        assertThat(all.recall()).as("recall with greetings and sign-offs").isGreaterThanOrEqualTo(0.95);
        assertThat(all.falsePositives()).as("service replies flagged with greetings and sign-offs").isLessThanOrEqualTo(0.015);
    }

    /**
     * One sign-off after every message of the ten blind sets: a brand that signs its promotions must not slip past the
     * consent rule and the weekly cap by it. Read as written alone, 944 (" Thanks!") and 935 (" Kind regards, the
     * team") of the 1,000 promotions were caught. The second, which reads most as service, is measured on every run
     * (the first, 969 and 10 flagged on 7 Dec, is inside what it and the framed test above cover; CI time).
     */
    @Test
    void aSignOffAfterEveryMessageHidesNoPromotion() {
        for (String signOff : List.of(" Kind regards, the team")) {
            PromotionEvaluationTest.Score all = measureBlind(withModel, "each followed by '" + signOff.strip() + "'", text -> text + signOff);
            assertThat(all.recall()).as("recall with" + signOff).isGreaterThanOrEqualTo(0.95);
            assertThat(all.falsePositives()).as("service replies flagged with" + signOff).isLessThanOrEqualTo(0.015);
        }
    }

    /** The held-out rows of the ten blind sets ({@code promotions-3.tsv} to {@code -12.tsv}), in order. */
    static List<LabelledSet.Row> blindRows() {
        return java.util.stream.IntStream.rangeClosed(3, 12)
                .mapToObj(n -> LabelledSet.load("promotions-" + n + ".tsv").split(LabelledSet.HELDOUT))
                .flatMap(List::stream).toList();
    }

    /** The ten blind sets' messages, each as {@code frame} makes it, through the check with the model. */
    static PromotionEvaluationTest.Score measureBlind(PromotionClassifier withModel, String how,
                                                      java.util.function.UnaryOperator<String> frame) {
        int promos = 0;
        int caught = 0;
        int service = 0;
        int flagged = 0;
        for (LabelledSet.Row r : blindRows()) {
            String text = frame.apply(r.col(1));
            boolean promotional = withModel.classify(text).promotional();
            if (r.col(0).equals("promo")) {
                promos++;
                caught += promotional ? 1 : 0;
                if (!promotional) {
                    System.out.println("  " + how + ", promotion missed: " + text);
                }
            } else {
                service++;
                flagged += promotional ? 1 : 0;
                if (promotional) {
                    System.out.println("  " + how + ", service reply flagged: " + text);
                }
            }
        }
        PromotionEvaluationTest.Score all = new PromotionEvaluationTest.Score(promos, caught, service, flagged);
        System.out.printf("promotion check (rules and model), the ten blind sets %s: recall %d/%d = %.1f%%,"
                + " service replies flagged %d/%d = %.1f%%%n", how, caught, promos, 100 * all.recall(), flagged, service,
                100 * all.falsePositives());
        return all;
    }
}
