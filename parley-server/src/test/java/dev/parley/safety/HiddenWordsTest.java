package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("store-free")
class HiddenWordsTest {
    @Test
    void aHiddenWordMatchesAsAWholeWordInAnyCase() {
        assertThat(HiddenWords.matches(List.of("crypto"), "Earn with CRYPTO today")).isTrue();
        assertThat(HiddenWords.matches(List.of("crypto"), "cryptography class")).isFalse();
        assertThat(HiddenWords.matches(List.of(), "anything")).isFalse();
    }

    /** A sender cannot slip past someone's hidden word by writing it in letters that only look the same. */
    @Test
    void disguisedLettersDoNotHideAWord() {
        assertThat(HiddenWords.matches(List.of("crypto"), "Earn with \u0441rypt\u043E today")).isTrue(); // Cyrillic с, о
        assertThat(HiddenWords.matches(List.of("crypto"), "Earn with c\u200Brypto today")).isTrue();
        assertThat(HiddenWords.matches(List.of("crypto"), "Earn with ｃｒｙｐｔｏ today")).isTrue();
        assertThat(HiddenWords.matches(List.of("crypto"), "Earn with cr\u00ADypto today")).isTrue();
    }

    /** Nor by spelling it out letter by letter, or writing digits and signs for its letters. */
    @Test
    void spelledOutOrDigitsForLettersDoNotHideAWord() {
        assertThat(HiddenWords.matches(List.of("crypto"), "Earn with c r y p t o today")).isTrue();
        assertThat(HiddenWords.matches(List.of("crypto"), "Earn with C.R.Y.P.T.O today")).isTrue();
        assertThat(HiddenWords.matches(List.of("crypto"), "Earn with crypt0 today")).isTrue();
        assertThat(HiddenWords.matches(List.of("free money"), "FR33 m0ney inside")).isTrue();
        assertThat(HiddenWords.matches(List.of("cash"), "c@sh prizes")).isTrue();
        // Still whole words: a word spelled out inside another, or a number near a letter, is not the word.
        assertThat(HiddenWords.matches(List.of("crypto"), "cryptography c r y p t")).isFalse();
        assertThat(HiddenWords.matches(List.of("ai"), "see you at 4pm in room 41")).isFalse();
    }
}
