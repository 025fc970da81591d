package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The word pairs read a question and an entry as training did, and carry what many businesses' questions taught. */
@Tag("store-free")
class FaqPairsTest {
    private final FaqPairs pairs = FaqPairs.shipped();

    @Test
    void theShippedPairsScoreAsTrainingDid() {
        assertThat(pairs.checks()).hasSizeGreaterThan(5);
        for (FaqPairs.Check c : pairs.checks()) {
            assertThat(pairs.score(c.question(), c.phrasings(), c.answer())).as(c.question())
                    .isCloseTo(c.score(), Offset.offset(1e-3));
        }
    }

    @Test
    void wordsAreLowerCasedAsciiWithTheirEndingsTakenOff() {
        assertThat(FaqPairs.words("Opening HOURS? ships, shipped, it's Café 24/7"))
                .containsExactlyInAnyOrder("open", "hour", "ship", "shipp", "it", "s", "caf", "24", "7");
    }

    /** Paraphrases that share no word with their entry: the pairs say which entry they go with. */
    @Test
    void aParaphraseGoesWithItsEntryRatherThanAnother() {
        AutomationStore.Faq hours = faq("What are your opening hours?", "We're open 9am to 6pm, Monday to Saturday.");
        AutomationStore.Faq shipping = faq("How long does shipping take?", "Orders arrive in 2-4 working days.");
        AutomationStore.Faq returns = faq("What is your returns policy?", "You can return unused items within 30 days.");
        List<AutomationStore.Faq> entries = List.of(hours, shipping, returns);
        assertBest("when do you close on saturdays", hours, entries);
        assertBest("how soon will my parcel get here", shipping, entries);
        assertBest("can I send back a jacket I never wore", returns, entries);
    }

    private void assertBest(String question, AutomationStore.Faq expected, List<AutomationStore.Faq> entries) {
        for (AutomationStore.Faq other : entries) {
            if (other != expected) {
                assertThat(pairs.score(question, expected)).as(question + " goes with " + expected.question()
                        + " more than with " + other.question()).isGreaterThan(pairs.score(question, other));
            }
        }
    }

    private static AutomationStore.Faq faq(String question, String answer) {
        return new AutomationStore.Faq(question, question, List.of(question), answer, List.of(), java.time.Instant.EPOCH);
    }
}
