package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("store-free")
class SpellingTest {
    private static final Set<String> GYM = Spelling.vocabulary(
            "How much is membership? Can I freeze my membership? Do you have a swimming pool? Classes and personal "
                    + "trainers. Our fitter will check the equipment. Cancellation needs 30 days notice.");

    @Test
    void aSlipInTheBusinesssWordIsReadAsThatWord() {
        assertThat(Spelling.correct("how much is membrship", GYM)).isEqualTo("how much is membership");
        assertThat(Spelling.correct("can i frreze it", GYM)).isEqualTo("can i freeze it");
        assertThat(Spelling.correct("is there a swimmnig pool", GYM)).isEqualTo("is there a swimming pool");
        assertThat(Spelling.correct("Membreship prices?", GYM)).isEqualTo("Membership prices?");
        assertThat(Spelling.correct("cancelation policy", GYM)).isEqualTo("cancellation policy"); // two slips from eight letters
        assertThat(Spelling.correct("are u open tomorow", GYM)).isEqualTo("are u open tomorrow"); // an everyday word
    }

    @Test
    void realWordsNamesFormsAndShorthandAreLeftAsTyped() {
        // Words the model knows whole, though one letter from the business's: another word, not a slip.
        assertThat(Spelling.correct("do you have a swimming poll", GYM)).isEqualTo("do you have a swimming poll");
        // A short capitalised word inside the text is a name ("Etsy" is one slip from "easy"); a longer one is read.
        assertThat(Spelling.correct("is Clss Fitness near you", Spelling.vocabulary("class fitness"))).isEqualTo("is Clss Fitness near you");
        assertThat(Spelling.correct("open on Saturdaay?", GYM)).isEqualTo("open on Saturday?");
        // Another form of the business's word.
        assertThat(Spelling.correct("are the fitters qualified", GYM)).isEqualTo("are the fitters qualified");
        // Shorthand, digits, and words too short to guess.
        assertThat(Spelling.correct("open 2moro? tmrw? clas?", GYM)).isEqualTo("open 2moro? tmrw? clas?");
        // "Memberrship" could only be membership; a word two business words are equally near stays.
        Set<String> twins = Spelling.vocabulary("We sell boards and boaris");
        assertThat(Spelling.correct("do you have boarzs", twins)).isEqualTo("do you have boarzs");
    }

    @Test
    void distanceCountsASwapAsOneSlip() {
        assertThat(Spelling.distance("membrship", "membership", 2)).isEqualTo(1);
        assertThat(Spelling.distance("fitenss", "fitness", 2)).isEqualTo(1);
        assertThat(Spelling.distance("abc", "xyz", 1)).isEqualTo(2);
    }
}
