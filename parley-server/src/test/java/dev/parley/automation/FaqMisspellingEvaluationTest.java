package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import dev.parley.textmodel.TestEmbedder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The blind sets' questions typed with one slip, as customers type on a phone: a letter left out,
 * doubled, swapped with its neighbour or hit beside on the keyboard, in one word of five letters or
 * more. The bot should answer nearly as many as when they are typed clean, and no more near misses or
 * unrelated questions.
 */
@Tag("store-free")
class FaqMisspellingEvaluationTest {
    private static final List<String> BLIND = List.of("faq-heldout-8.tsv", "faq-heldout-9.tsv", "faq-heldout-10.tsv",
            "faq-heldout-11.tsv", "faq-heldout-12.tsv");
    private static final String KEYBOARD = "qwertyuiop asdfghjkl  zxcvbnm   ";

    record Tally(int para, int right, int wrong, int nearOrOffAnswered) {
        String line() {
            return String.format("right %d/%d = %.1f%%, wrong entry %d, near misses and unrelated answered %d", right, para,
                    100.0 * right / para, wrong, nearOrOffAnswered);
        }
    }

    /**
     * Paraphrases answered right with one slip, at least, of every second question (measured 84.8, 68.3, 66.3, 61.3
     * and 59.5% on 6 Dec; of all of them 84.6, 71.6, 64.5, 60.6, 59.6%, without {@link Spelling} 59.6, 39.5, 41.6,
     * 39.1 and 34.6%, typed clean 88.2, 75.9, 69.0, 64.1, 63.0%: docs/BUSINESS-MODELS.md).
     */
    private static final Map<String, Double> FLOORS = Map.of("faq-heldout-8.tsv", 0.82, "faq-heldout-9.tsv", 0.65,
            "faq-heldout-10.tsv", 0.63, "faq-heldout-11.tsv", 0.58, "faq-heldout-12.tsv", 0.56);
    /** Near misses and unrelated questions answered with one slip, at most (every second question: 0, 0, 1, 1, 1). */
    private static final Map<String, Integer> WRONG_QUESTIONS = Map.of("faq-heldout-8.tsv", 1, "faq-heldout-9.tsv", 0,
            "faq-heldout-10.tsv", 2, "faq-heldout-11.tsv", 2, "faq-heldout-12.tsv", 2);

    @Test
    void misspeltQuestionsAreAnsweredAlmostAsOftenAsCleanOnes() throws Exception {
        BlindBot bot = BlindBot.load();
        for (String set : BLIND) {
            List<String> misses = new ArrayList<>();
            Tally slipped = new Tally(0, 0, 0, 0);
            List<LabelledSet.Row> rows = LabelledSet.load(set).rows();
            for (int i = 0; i < rows.size(); i += 2) { // every second question: half of CI's minute and a half
                LabelledSet.Row r = rows.get(i);
                Optional<String> typo = misspelt(r.col(3));
                if (typo.isEmpty()) {
                    continue;
                }
                Optional<String> a = bot.answer(r, typo.get());
                slipped = add(slipped, r, a);
                if (r.col(2).equals("para") ? !a.equals(Optional.of(r.col(1))) : a.isPresent()) {
                    misses.add(r.col(2) + " answered " + a.orElse("-") + " (wanted " + r.col(1) + "): " + typo.get());
                }
            }
            System.out.printf("faq bot, one slip a question, %s: %s%n", set, slipped.line());
            misses.stream().limit(10).forEach(m -> System.out.println("  " + m));
            assertThat((double) slipped.right() / slipped.para()).as(set).isGreaterThanOrEqualTo(FLOORS.get(set));
            assertThat(slipped.nearOrOffAnswered()).as(set).isLessThanOrEqualTo(WRONG_QUESTIONS.get(set));
        }
    }

    /** Seen from outside: "how much is membrship" was handed to a person (0.24) where the clean question is answered. */
    @Test
    void aGymsCustomerWhoSlipsGetsTheAnswer() throws Exception {
        FaqMatcher matcher = new FaqMatcher(TestEmbedder.shared());
        List<AutomationStore.Faq> gym = List.of(
                new AutomationStore.Faq("price", "How much is membership?", "Membership is £30 a month, no joining fee.",
                        List.of(), Instant.EPOCH),
                new AutomationStore.Faq("freeze", "Can I freeze my membership?", "Yes, for up to three months a year, free.",
                        List.of(), Instant.EPOCH),
                new AutomationStore.Faq("hours", "What are your opening hours?", "6am to 10pm every day.", List.of(), Instant.EPOCH),
                new AutomationStore.Faq("pool", "Do you have a swimming pool?", "Yes, a 25 m pool with lanes all day.",
                        List.of(), Instant.EPOCH),
                new AutomationStore.Faq("classes", "What classes do you run?", "Spin, yoga, HIIT and boxing; see the timetable.",
                        List.of(), Instant.EPOCH));
        double threshold = AutomationSettings.defaults().faqBot().threshold();
        Map<String, String> asked = Map.of("how much is membrship", "price", "can I frezee my membership", "freeze",
                "do you have a swimmming pool", "pool", "what clases do you run", "classes");
        asked.forEach((question, entry) -> assertThat(answer(matcher, question, gym, "", threshold)).as(question)
                .contains(entry));
        assertThat(answer(matcher, "how much is a membrship at the council leisure centre", gym, "", threshold)).isEmpty();
    }

    /** The shipped bot with the blind sets' businesses' entries and profiles, at the default threshold. */
    record BlindBot(FaqMatcher matcher, Map<String, List<AutomationStore.Faq>> entries, Map<String, String> profiles,
                    double threshold) {
        static BlindBot load() throws java.io.IOException {
            Map<String, String> profiles = new HashMap<>();
            LabelledSet.load("faq-profiles.tsv").rows().forEach(r -> profiles.put(r.col(0), r.col(1)));
            return new BlindBot(new FaqMatcher(TestEmbedder.shared()), FaqMisspellingEvaluationTest.entries(), profiles,
                    AutomationSettings.defaults().faqBot().threshold());
        }

        /** The entry the bot answers a question of row {@code r}'s business with, asked as {@code asked}. */
        Optional<String> answer(LabelledSet.Row r, String asked) {
            return FaqMisspellingEvaluationTest.answer(matcher, asked, entries.get(r.col(0)), profiles.getOrDefault(r.col(0), ""),
                    threshold);
        }
    }

    private static Optional<String> answer(FaqMatcher matcher, String q, List<AutomationStore.Faq> entries, String profile,
                                           double threshold) {
        return matcher.best(q, entries, profile).filter(m -> m.answers(threshold)).map(m -> m.entry().id());
    }

    static Tally add(Tally t, LabelledSet.Row r, Optional<String> answered) {
        if (r.col(2).equals("para")) {
            boolean right = answered.equals(Optional.of(r.col(1)));
            return new Tally(t.para() + 1, t.right() + (right ? 1 : 0), t.wrong() + (answered.isPresent() && !right ? 1 : 0),
                    t.nearOrOffAnswered());
        }
        return new Tally(t.para(), t.right(), t.wrong(), t.nearOrOffAnswered() + (answered.isPresent() ? 1 : 0));
    }

    /** The question with one slip in one of its words of five letters or more, the same slip every run; empty if it has none. */
    static Optional<String> misspelt(String question) {
        Random random = new Random(question.hashCode());
        String[] words = question.split(" ");
        List<Integer> long_ = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            if (words[i].length() >= 5 && words[i].chars().allMatch(Character::isLetter)
                    && !WordOverlap.STOP.contains(words[i].toLowerCase(Locale.ROOT))) {
                long_.add(i);
            }
        }
        if (long_.isEmpty()) {
            return Optional.empty();
        }
        int w = long_.get(random.nextInt(long_.size()));
        String word = words[w];
        int at = 1 + random.nextInt(word.length() - 2); // never the first letter, as on a phone
        String slipped = switch (random.nextInt(4)) {
            case 0 -> word.substring(0, at) + word.substring(at + 1);
            case 1 -> word.substring(0, at) + word.charAt(at) + word.substring(at);
            case 2 -> word.substring(0, at) + word.charAt(at + 1) + word.charAt(at) + word.substring(at + 2);
            default -> word.substring(0, at) + beside(word.charAt(at), random) + word.substring(at + 1);
        };
        words[w] = slipped;
        return Optional.of(String.join(" ", words));
    }

    private static char beside(char c, Random random) {
        int i = KEYBOARD.indexOf(Character.toLowerCase(c));
        if (i < 0) {
            return c;
        }
        int row = i / 11;
        int j = i + (random.nextBoolean() ? 1 : -1);
        return j >= row * 11 && j < row * 11 + 11 && KEYBOARD.charAt(j) != ' ' ? KEYBOARD.charAt(j) : KEYBOARD.charAt(i == row * 11 ? i + 1 : i - 1);
    }

    private static Map<String, List<AutomationStore.Faq>> entries() {
        Map<String, List<AutomationStore.Faq>> out = new HashMap<>();
        FaqEvaluationTest.entryRows().forEach(r -> out.computeIfAbsent(r.col(0), k -> new ArrayList<>())
                .add(FaqEvaluationTest.withPhrasings(r)));
        return out;
    }
}
