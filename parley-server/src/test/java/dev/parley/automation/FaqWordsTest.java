package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The words the FAQ bot reads before it compares a question with a business's entries. */
@Tag("store-free")
class FaqWordsTest {
    static final AutomationStore.Faq HOURS = new AutomationStore.Faq("hours", "When are you open?",
            "We're open Tuesday to Saturday, 9am to 6pm.", List.of(), Instant.EPOCH);

    @Test
    void chatShorthandIsWrittenOutAndOtherWordsAreLeftAlone() {
        assertThat(Slang.normalise("yo r u open tmrw?? wat time pls")).isEqualTo("yo are you open tomorrow?? what time please");
        assertThat(Slang.normalise("Whats ur address")).isEqualTo("what is your address");
        // Whole words only: "urgent", "Sun" and "usual" keep their letters; an ID card stays one.
        assertThat(Slang.normalise("urgent: is my ID ok, usual hours on Sun?")).isEqualTo("urgent: is my ID ok, usual hours on Sun?");
    }

    @Test
    void theProfileAndEverydayWordsCountAsWrittenButASubjectDoesNot() {
        Set<String> entriesOnly = FaqMatcher.written(HOURS, List.of(HOURS), "");
        Set<String> withProfile = FaqMatcher.written(HOURS, List.of(HOURS), "Bike shop: bikes, helmets, lights; repairs.");
        assertThat(unwritten("are you open tonight, guys?", entriesOnly)).isEmpty(); // everyday words
        assertThat(unwritten("can I pick up my helmet on saturday", entriesOnly)).contains("helmet", "pick");
        assertThat(unwritten("can I pick up my helmet on saturday", withProfile)).contains("pick").doesNotContain("helmet");
        assertThat(unwritten("is the post office open on saturday", withProfile)).contains("post office");
    }

    @Test
    void aPlaceTheCustomerNamesIsWhereTheyAskFromNotWhatTheyAskAbout() {
        // "delivery time to scotland?" and "I live in Cardiff" were read as about Scotland and Cardiff, as "post
        // office" is about a post office, so an entry that answers them was only asked back.
        Set<String> written = FaqMatcher.written(HOURS, List.of(HOURS), "");
        assertThat(unwritten("are you open on saturday in Cardiff?", written)).isEmpty();
        assertThat(unwritten("open saturday? I'm coming from scotland", written)).doesNotContain("scotland");
        // What is no place stays the subject: a wellington is a boot, an oxford a shoe.
        assertThat(unwritten("are wellingtons in stock saturday", written)).contains("wellingtons");
        assertThat(unwritten("is the post office in leeds open on saturday", written)).contains("post office");
    }

    @Test
    void anotherEntrysAnswerIsNotTheBusinesssWordForThisOne() {
        AutomationStore.Faq location = new AutomationStore.Faq("location", "Where is your store?",
                "We're at 220 Harbour Street, opposite the library.", List.of(), Instant.EPOCH);
        List<AutomationStore.Faq> both = List.of(HOURS, location);
        // Matched to the hours, "library" is what the question is about; matched to the directions, it is theirs.
        assertThat(unwritten("is the library open on sundays", FaqMatcher.written(HOURS, both, ""))).contains("library");
        assertThat(unwritten("is it near the library", FaqMatcher.written(location, both, ""))).doesNotContain("library");
        // Phrasings and keywords stay the business's words whichever entry is matched.
        assertThat(unwritten("where is your store open", FaqMatcher.written(HOURS, both, ""))).doesNotContain("store");
    }

    @Test
    void aQuestionIsAnEntrysPhrasingWhateverItsCaseSpacingAndPunctuation() {
        AutomationStore.Faq returns = new AutomationStore.Faq("returns", null,
                List.of("What is your returns policy?", "Can I send something back?"), "Within 30 days, unused.", List.of(), Instant.EPOCH);
        // What a customer sends after "Did you mean …?", typed by hand: answered with confidence 1 (FaqMatcher.judge).
        assertThat(FaqMatcher.isPhrasing("what is your returns policy", returns)).isTrue();
        assertThat(FaqMatcher.isPhrasing("  Can I send   something back!! ", returns)).isTrue();
        assertThat(FaqMatcher.isPhrasing("Can I send my bike back?", returns)).isFalse();
        assertThat(FaqMatcher.isPhrasing("?!", returns)).isFalse();
    }

    @Test
    void aSmallNumberIsNeverTheSubjectButAReferenceIs() {
        Set<String> written = FaqMatcher.written(HOURS, List.of(HOURS), "");
        assertThat(unwritten("can i get a table for 6 on friday night", written)).doesNotContain("6");
        assertThat(unwritten("is my order #4471 open", written)).contains("#4471"); // an order's number: one case
        // "cant" is written out as "cannot", a word like "can" and "not", not a subject.
        assertThat(unwritten(Slang.normalise("cant come saturday"), written)).doesNotContain("cannot");
    }

    @Test
    void aQuestionThatSpeaksToTheBusinessNeedsLessThanOneAboutSomeoneElse() {
        assertThat(FaqMatcher.addressed(Slang.normalise("the shop across town has this light cheaper, can u do the same"))).isTrue();
        assertThat(FaqMatcher.addressed("Is Cigna accepted here?")).isTrue();
        assertThat(FaqMatcher.addressed("what size would I be in your jeans")).isTrue();
        assertThat(FaqMatcher.addressed("Does the library open on Sundays?")).isFalse();
        assertThat(FaqMatcher.addressed("how do I cancel my Netflix subscription")).isFalse();
        assertThat(FaqMatcher.addressed("youth bikes on sale? theres a cheaper one")).isFalse(); // whole words only
        // The bot answers at the business's threshold, whatever made the score.
        assertThat(new FaqMatcher.Match(HOURS, HOURS.question(), 0.56, Optional.of("Ritz"))
                .answers(FaqMatcher.DEFAULT_THRESHOLD)).isTrue();
        assertThat(new FaqMatcher.Match(HOURS, HOURS.question(), 0.54, Optional.empty())
                .answers(FaqMatcher.DEFAULT_THRESHOLD)).isFalse();
    }

    private static List<String> unwritten(String question, Set<String> written) {
        List<String> tokens = Arrays.asList(question.split("\\s+"));
        return FaqMatcher.unwritten(tokens, written).stream()
                .map(u -> String.join(" ", u.stream().map(tokens::get).toList())).toList();
    }
}
