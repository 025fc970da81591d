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
 * The promotion check on the ten blind sets ({@code eval/promotions-3.tsv} to {@code -12.tsv}) as a brand would hide
 * a promotion: after or before a line of service, or in letters a reader sees and a machine does not.
 */
@Tag("store-free")
class PromotionDisguiseEvaluationTest {
    private static PromotionClassifier withModel;

    @BeforeAll
    static void load() {
        // Most disguises read back to the text as written, whose verdict is then remembered.
        withModel = PromotionClassifier.withModel(TestEmbedder.shared(), 10_000);
    }

    /**
     * A brand may open with a line of service and go on to sell ("Your insurance claim has been approved. … Up to
     * 60% off storewide."): read as a whole, such a message reads as service. The blind sets' service replies, each
     * followed by (and, as often, after) one of their promotions: before each sentence was also read alone, 376 and
     * 434 of 1,000 were caught; two service replies joined must stay service.
     */
    @Test
    void anOfferTackedOntoAServiceReplyIsCaught() {
        List<String> promos = new ArrayList<>();
        List<String> service = new ArrayList<>();
        for (LabelledSet.Row r : PromotionFramingEvaluationTest.blindRows()) {
            (r.col(0).equals("promo") ? promos : service).add(r.col(1));
        }
        int after = 0;
        int before = 0;
        int joined = 0;
        for (int i = 0; i < service.size(); i++) {
            String reply = service.get(i);
            String offer = promos.get(i * 7 % promos.size());
            after += withModel.classify(reply + " " + offer).promotional() ? 1 : 0;
            before += withModel.classify(offer + " " + reply).promotional() ? 1 : 0;
            String both = reply + " " + service.get((i * 13 + 5) % service.size());
            if (withModel.classify(both).promotional()) {
                joined++;
                System.out.println("  two service replies flagged: " + both);
            }
        }
        System.out.printf("promotion check (rules and model), a blind promotion after a blind service reply: %d/%d caught,"
                + " before it %d/%d; two service replies joined flagged %d/%d%n", after, service.size(), before, service.size(),
                joined, service.size());
        assertThat((double) after / service.size()).as("offers after a service reply caught").isGreaterThanOrEqualTo(0.85);
        assertThat((double) before / service.size()).as("offers before a service reply caught").isGreaterThanOrEqualTo(0.85);
        assertThat((double) joined / service.size()).as("two service replies joined flagged").isLessThanOrEqualTo(0.015);
    }

    /**
     * Letters a reader sees as any others but a machine does not: fullwidth ("ＳＡＬＥ"), mathematical bold, zero-width
     * spaces between letters, Cyrillic "а", "е", "о", "р", "с" among Latin ones. Before {@link dev.parley.text.Disguises}
     * the ten blind sets so written were caught 508, 656, 717 and 540 times in 1,000, and fullwidth and bold service
     * replies were flagged 534 and 370 times. And letters a reader puts together: a word spelled out ("S A L E",
     * "d.e.l.i.v.e.r.y") or with digits for letters ("FR33 d3l1v3ry"); before Disguises read them, the longest word
     * spelled out gave 965 caught and 19 flagged, every word of five letters or more dotted 825 and 50, digits for
     * every o, e and a 608 and 54.
     */
    @Test
    void disguisedLettersHideNoPromotion() {
        Map<String, java.util.function.UnaryOperator<String>> disguises = new java.util.LinkedHashMap<>();
        disguises.put("in fullwidth letters", t -> t.chars().mapToObj(c -> c >= '!' && c <= '~'
                ? String.valueOf((char) (c - '!' + '\uFF01')) : String.valueOf((char) c)).collect(java.util.stream.Collectors.joining()));
        disguises.put("in mathematical bold", t -> t.codePoints().map(c -> c >= 'a' && c <= 'z' ? 0x1D41A + c - 'a'
                : c >= 'A' && c <= 'Z' ? 0x1D400 + c - 'A' : c).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString());
        disguises.put("with zero-width spaces", t -> t.replaceAll("(?<=\\p{L})(?=\\p{L})", "\u200B"));
        disguises.put("with Cyrillic lookalikes", t -> t.replace('a', '\u0430').replace('e', '\u0435').replace('o', '\u043E')
                .replace('p', '\u0440').replace('c', '\u0441'));
        disguises.put("spelled out, its longest word", t -> {
            String longest = java.util.Arrays.stream(t.split("[^\\p{L}]+")).max(java.util.Comparator.comparingInt(String::length)).orElse("");
            return longest.length() < 3 ? t : t.replace(longest, String.join(" ", longest.split("")));
        });
        disguises.put("spelled out with dots, every word of five letters or more",
                t -> java.util.regex.Pattern.compile("\\b\\p{L}{5,}\\b").matcher(t).replaceAll(m -> String.join(".", m.group().split(""))));
        String digits = "with digits for o, e and a";
        disguises.put(digits, t -> t.replace('o', '0').replace('e', '3').replace('a', '4'));
        disguises.forEach((how, disguise) -> {
            PromotionEvaluationTest.Score all = PromotionFramingEvaluationTest.measureBlind(withModel, how, disguise);
            assertThat(all.recall()).as("recall " + how).isGreaterThanOrEqualTo(0.95);
            // Digits for every o, e and a leave some words unread: a lone "4" for "a", "4s" (four seconds, or "as"),
            // a word the sentence model does not know whole ("inv0ic3"); so 1.5% of service replies read as
            // promotion there, where the bar is 3%.
            assertThat(all.falsePositives()).as("service replies flagged " + how).isLessThanOrEqualTo(how.equals(digits) ? 0.02 : 0.015);
        });
    }
}
