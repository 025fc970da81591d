package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import dev.parley.textmodel.TestEmbedder;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The promotion check on the short lines agents type in a live chat, read as such ({@link
 * PromotionClassifier#classifyInChat}) and as any message: a blind set of chat lines and short broadcasts
 * ({@code eval/promotions-chat.tsv}), and the ten blind sets, as a person might send them in a chat.
 */
@Tag("store-free")
class PromotionChatEvaluationTest {
    private static final List<String> BLIND = List.of("promotions-3.tsv", "promotions-4.tsv", "promotions-5.tsv",
            "promotions-6.tsv", "promotions-7.tsv", "promotions-8.tsv", "promotions-9.tsv", "promotions-10.tsv",
            "promotions-11.tsv", "promotions-12.tsv");
    private static PromotionClassifier check;

    @BeforeAll
    static void load() {
        check = PromotionClassifier.withModel(TestEmbedder.shared());
    }

    record Score(int promos, int caught, int service, int flagged) {
        String line() {
            return String.format("recall %d/%d = %.1f%%, service replies flagged %d/%d = %.1f%%", caught, promos,
                    100.0 * caught / promos, flagged, service, 100.0 * flagged / service);
        }
    }

    private static Score measure(List<LabelledSet.Row> rows, Function<String, PromotionClassifier.Verdict> reading,
                                 String name, boolean printMisses) {
        int promos = 0;
        int caught = 0;
        int service = 0;
        int flagged = 0;
        for (LabelledSet.Row r : rows) {
            boolean promotional = reading.apply(r.col(1)).promotional();
            boolean promo = r.col(0).equals("promo");
            promos += promo ? 1 : 0;
            caught += promo && promotional ? 1 : 0;
            service += promo ? 0 : 1;
            flagged += !promo && promotional ? 1 : 0;
            if (printMisses && promo != promotional) {
                System.out.printf("  %s, %s: %s%n", name, promo ? "missed" : "flagged", r.col(1));
            }
        }
        return new Score(promos, caught, service, flagged);
    }

    @Test
    void shortChatLinesAreServiceAndShortBroadcastsStayPromotion() {
        List<LabelledSet.Row> rows = LabelledSet.load("promotions-chat.tsv").rows();
        Score asAny = measure(rows, check::classify, "as any message", false);
        Score inChat = measure(rows, check::classifyInChat, "in a live chat", true);
        System.out.println("promotion check, short chat lines (promotions-chat.tsv) read as any message: " + asAny.line());
        System.out.println("promotion check, short chat lines (promotions-chat.tsv) read in a live chat: " + inChat.line());
        assertThat(inChat.flagged()).as("chat lines flagged").isLessThan(asAny.flagged()).isLessThanOrEqualTo(10);
        assertThat(inChat.caught()).as("short broadcasts caught").isGreaterThanOrEqualTo(65);
    }

    /**
     * The ten blind sets as a person might send them in a chat: only their lines of up to {@link
     * PromotionClassifier#CHAT_LINE_WORDS} words can read otherwise there, so only those are measured (all 2,000 read so:
     * 96.0% caught, 1.0% flagged, docs/BUSINESS-MODELS.md round 18, against 96.9% and 1.0% as any message).
     */
    @Test
    void theBlindSetsShortLinesLoseFewPromotionsInAChat() {
        List<LabelledSet.Row> rows = BLIND.stream().flatMap(f -> LabelledSet.load(f).rows().stream())
                .filter(r -> r.col(1).strip().split("\\s+").length <= PromotionClassifier.CHAT_LINE_WORDS).toList();
        Score asAny = measure(rows, check::classify, "blind short line, as any message", false);
        Score inChat = measure(rows, check::classifyInChat, "blind short line, in a live chat", true);
        System.out.println("promotion check, the ten blind sets' short lines read as any message: " + asAny.line());
        System.out.println("promotion check, the ten blind sets' short lines read in a live chat: " + inChat.line());
        assertThat(inChat.flagged()).as("service flagged").isLessThanOrEqualTo(asAny.flagged());
        assertThat(asAny.caught() - inChat.caught()).as("promotions let through in a chat, of 1,000").isLessThanOrEqualTo(15);
    }
}
