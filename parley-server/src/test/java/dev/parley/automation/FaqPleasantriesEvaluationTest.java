package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The blind sets' questions as customers write to a business: opened with a greeting, closed with thanks, an emoji
 * or "???" (each question its own mix, the same every run). Typed so, the bot used to answer 17 to 22 points fewer
 * paraphrases right ("Thanks!" after the question, "Good morning," before it cost the most) and more unrelated
 * questions ("Hi there," before it); {@link dev.parley.textmodel.Pleasantries} reads the question alone (docs/BUSINESS-MODELS.md, "Greetings, thanks and
 * emoji").
 */
@Tag("store-free")
class FaqPleasantriesEvaluationTest {
    private static final List<String> BLIND = List.of("faq-heldout-8.tsv", "faq-heldout-9.tsv", "faq-heldout-10.tsv",
            "faq-heldout-11.tsv", "faq-heldout-12.tsv");
    private static final List<String> GREETINGS = List.of("Hi there, ", "Hello, ", "Good morning, ", "Hiya ", "Hi Sam, ",
            "Good afternoon. ", "Hey guys! ", "");
    private static final List<String> SIGN_OFFS = List.of(" Thanks!", " thanks in advance", " Cheers, x",
            " Thank you so much \uD83D\uDE42", " Many thanks, Jo", " \uD83D\uDE4F", " ty", "");

    /**
     * Paraphrases answered right, at least, of every second question so framed (measured on 6 Dec: 88.9, 79.2, 69.8,
     * 65.1 and 65.6%, as many as the same questions typed bare; before {@link dev.parley.textmodel.Pleasantries} 70.8, 57.3, 50.5, 46.4 and
     * 47.9%).
     */
    private static final Map<String, Double> FLOORS = Map.of("faq-heldout-8.tsv", 0.86, "faq-heldout-9.tsv", 0.76,
            "faq-heldout-10.tsv", 0.67, "faq-heldout-11.tsv", 0.62, "faq-heldout-12.tsv", 0.62);
    /** Near misses and unrelated questions answered so framed, at most (measured 0, 0, 1, 2, 0; before 1, 0, 1, 3, 0). */
    private static final Map<String, Integer> WRONG_QUESTIONS = Map.of("faq-heldout-8.tsv", 0, "faq-heldout-9.tsv", 0,
            "faq-heldout-10.tsv", 1, "faq-heldout-11.tsv", 2, "faq-heldout-12.tsv", 1);

    @Test
    void questionsWithAGreetingThanksOrEmojiAreAnsweredAsBareOnesAre() throws Exception {
        FaqMisspellingEvaluationTest.BlindBot bot = FaqMisspellingEvaluationTest.BlindBot.load();
        for (String set : BLIND) {
            FaqMisspellingEvaluationTest.Tally framed = new FaqMisspellingEvaluationTest.Tally(0, 0, 0, 0);
            List<LabelledSet.Row> rows = LabelledSet.load(set).rows();
            for (int i = 1; i < rows.size(); i += 2) { // every second question (the misspelling test reads the others)
                LabelledSet.Row r = rows.get(i);
                framed = FaqMisspellingEvaluationTest.add(framed, r, bot.answer(r, framed(r.col(3))));
            }
            System.out.printf("faq bot, questions with a greeting, thanks or emoji, %s: %s%n", set, framed.line());
            assertThat((double) framed.right() / framed.para()).as(set).isGreaterThanOrEqualTo(FLOORS.get(set));
            assertThat(framed.nearOrOffAnswered()).as(set).isLessThanOrEqualTo(WRONG_QUESTIONS.get(set));
        }
    }

    /** The question as a customer might send it: a greeting, the question (its marks doubled now and then), a sign-off. */
    static String framed(String question) {
        Random random = new Random(question.hashCode());
        String q = random.nextInt(4) == 0 ? question.replaceAll("\\?$", "???") : question;
        return GREETINGS.get(random.nextInt(GREETINGS.size())) + q + SIGN_OFFS.get(random.nextInt(SIGN_OFFS.size()));
    }
}
