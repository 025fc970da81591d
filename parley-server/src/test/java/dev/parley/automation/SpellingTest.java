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
    void aSlipInACustomersOwnWordIsReadAsTheEverydayWord() {
        assertThat(Spelling.correct("which couirer do you use", GYM)).isEqualTo("which courier do you use");
        assertThat(Spelling.correct("can I pay by bank tranfser", GYM)).isEqualTo("can I pay by bank transfer");
        assertThat(Spelling.correct("I thouhgt it was free", GYM)).isEqualTo("I thought it was free");
        // Words customers write that the model breaks into pieces are theirs, not slips.
        assertThat(Spelling.correct("are you insured? is it halal?", GYM)).isEqualTo("are you insured? is it halal?");
        // A place is not a word one key away.
        assertThat(Spelling.correct("do you come out to Buxton", GYM)).isEqualTo("do you come out to Buxton");
    }

    @Test
    void realWordsNamesFormsAndShorthandAreLeftAsTyped() {
        // Words the model knows whole, though one letter from the business's: another word, not a slip.
        assertThat(Spelling.correct("do you have a swimming poll", GYM)).isEqualTo("do you have a swimming poll");
        // A short capitalised word inside the text is a name ("Etsy" is one slip from "easy"); a longer one is read.
        assertThat(Spelling.correct("is Clss Fitness near you", Spelling.vocabulary("class fitness"))).isEqualTo("is Clss Fitness near you");
        assertThat(Spelling.correct("open on Saturdaay?", GYM)).isEqualTo("open on Saturday?");
        // English words the model breaks into pieces are meant as typed: "rinse" is not "rise", nor "crackling" "cracking"
        // (each one key from an everyday word).
        assertThat(Spelling.correct("can I rinse off after", GYM)).isEqualTo("can I rinse off after");
        assertThat(Spelling.correct("my input jack is crackling", GYM)).isEqualTo("my input jack is crackling");
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
        assertThat(Spelling.distance("membrship", "membership", 2, false)).isEqualTo(1);
        assertThat(Spelling.distance("fitenss", "fitness", 2, false)).isEqualTo(1);
        assertThat(Spelling.distance("abc", "xyz", 1, false)).isEqualTo(2);
        // A changed letter, when only keys beside each other count: "rwally" (w beside e), not "unload" (n, p).
        assertThat(Spelling.distance("rwally", "really", 2, true)).isEqualTo(1);
        assertThat(Spelling.distance("unload", "upload", 2, true)).isEqualTo(2);
        assertThat(Spelling.beside('q', 'a')).isTrue();
        assertThat(Spelling.beside('s', 'w')).isTrue();
        assertThat(Spelling.beside('b', 'h')).isTrue();
        assertThat(Spelling.beside('n', 'p')).isFalse();
    }
}
