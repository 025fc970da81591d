package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.eval.LabelledSet;
import dev.parley.textmodel.TestEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Triage with the bundled model, on customer messages written for this test and in none of the
 * sets the model learnt from (checked below): it must get their meaning, not recall them.
 */
@Tag("store-free")
class TriageTest {
    /** Hand-written, with the label a person would give each. */
    static final List<Triage.Example> MESSAGES = List.of(
            q("Do you ship to Canada?"),
            q("What time does the store close on Sundays?"),
            q("Is the blue jacket available in large?"),
            q("How long does delivery take to Lisbon?"),
            q("Can I pay with PayPal?"),
            q("Which charger fits the X200 model?"),
            q("Are there any discounts for students?"),
            q("Where can I find the user manual?"),
            q("Does this sofa come assembled?"),
            q("When will the winter collection launch?"),
            q("Could you tell me whether gift wrapping is offered?"),
            q("Is it possible to change the delivery address after checkout?"),
            c("My parcel arrived crushed and the vase inside is broken."),
            c("I've been waiting three weeks and still nothing has shown up."),
            c("The app keeps crashing every time I try to log in, this is ridiculous."),
            c("You charged my card twice for the same purchase!"),
            c("Your courier was rude and threw the box at my door."),
            c("The shoes fell apart after two days of wearing them."),
            c("Nobody answers the phone, I've called five times."),
            c("This is the worst service I've ever had."),
            c("The food was cold and the fries were soggy."),
            c("I was promised a callback yesterday and it never happened."),
            c("Still no refund after a month, I'm furious."),
            c("The headphones stopped working out of the box."),
            p("Just wanted to say the team at the Oxford street shop was lovely!"),
            p("Absolutely love my new backpack, it's perfect."),
            p("Thank you so much for the quick help yesterday."),
            p("Best pizza in town, we'll definitely be back."),
            p("Your support agent Maria went above and beyond."),
            p("The dress fits beautifully, I got so many compliments."),
            p("Wow, delivery was lightning fast, impressed!"),
            p("Great job on the new app update, it's so smooth."),
            p("Brilliant customer care, kudos to everyone."),
            p("My kids adore the toys, thanks a lot!"),
            p("Such a pleasant experience from start to finish."),
            p("The hotel staff made our anniversary unforgettable."));

    static Triage triage;

    @BeforeAll
    static void load() throws Exception {
        triage = Triage.standard(TestEmbedder.shared());
    }

    @Test
    void labelsMessagesByMeaningAtLeastFourInFive() {
        assertThat(MESSAGES).hasSizeGreaterThanOrEqualTo(30);
        int right = 0;
        List<String> misses = new ArrayList<>();
        for (Triage.Example m : MESSAGES) {
            Optional<Triage.Result> r = triage.classify(m.text(), List.of());
            if (r.isPresent() && r.get().label().equals(m.label())) {
                right++;
            } else {
                misses.add(m.label() + " taken for " + r.map(Triage.Result::label).orElse("nothing") + ": " + m.text());
            }
        }
        double accuracy = (double) right / MESSAGES.size();
        System.out.printf("Triage accuracy: %d/%d = %.1f%%%n", right, MESSAGES.size(), accuracy * 100);
        misses.forEach(m -> System.out.println("  miss: " + m));
        assertThat(accuracy).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void theMessagesAreNotInTheSetsTheModelLearntFrom() {
        Set<String> learnt = new HashSet<>();
        for (String set : List.of("triage.tsv", "triage-2.tsv", "triage-train.tsv")) {
            LabelledSet.load(set).rows().forEach(r -> learnt.add(r.col(2).toLowerCase(Locale.ROOT)));
        }
        assertThat(learnt).hasSizeGreaterThan(1000);
        assertThat(MESSAGES).noneSatisfy(m -> assertThat(learnt).contains(m.text().toLowerCase(Locale.ROOT)));
    }

    @Test
    void anAgentsCorrectionDecidesForMessagesThatMeanTheSame() {
        String text = "The courier left my parcel with the neighbour.";
        String auto = triage.classify(text, List.of()).map(Triage.Result::label).orElse("none");
        String corrected = Triage.LABELS.stream().filter(l -> !l.equals(auto)).findFirst().orElseThrow();
        List<Triage.Example> learned = List.of(new Triage.Example(corrected, text));
        assertThat(triage.classify("The courier left my parcel with my neighbour!", learned))
                .get().extracting(Triage.Result::label).isEqualTo(corrected);
        // A message about something else is still judged by the model.
        assertThat(triage.classify("Do you ship to Canada?", learned)).get()
                .extracting(Triage.Result::label).isEqualTo(Triage.QUESTION);
    }

    @Test
    void blankTextHasNoLabel() {
        assertThat(triage.classify("   ", List.of())).isEmpty();
    }

    private static Triage.Example q(String text) {
        return new Triage.Example(Triage.QUESTION, text);
    }

    private static Triage.Example c(String text) {
        return new Triage.Example(Triage.COMPLAINT, text);
    }

    private static Triage.Example p(String text) {
        return new Triage.Example(Triage.PRAISE, text);
    }
}
