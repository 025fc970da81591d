package dev.parley.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("store-free")
class DisguisesTest {
    @Test
    void fullwidthAndMathematicalLettersArePlain() {
        assertThat(Disguises.undo("ＳＡＬＥ ５０％ ｏｆｆ")).isEqualTo("SALE 50% off");
        assertThat(Disguises.undo("\uD835\uDC12\uD835\uDC00\uD835\uDC0B\uD835\uDC04 today")).isEqualTo("SALE today");
    }

    @Test
    void invisibleCharactersBetweenLettersAreDropped() {
        assertThat(Disguises.undo("s\u200Ba\u200Cl\u00ADe\u2060 n\uFEFFow")).isEqualTo("sale now");
    }

    @Test
    void lookalikeLettersInLatinTextAreLatin() {
        // "sale" and "discount" with Cyrillic а, е, о, с; "promo" with Greek ρ and ο
        assertThat(Disguises.undo("Big s\u0430l\u0435: 20% \u0441\u043Eupon, \u03C1r\u03BFmo code")).isEqualTo("Big sale: 20% coupon, promo code");
    }

    @Test
    void textInCyrillicOrGreekKeepsItsLetters() {
        assertThat(Disguises.undo("Скидка 20% на всё до пятницы")).isEqualTo("Скидка 20% на всё до пятницы");
        assertThat(Disguises.undo("Καλημέρα, το κατάστημα είναι ανοιχτό")).isEqualTo("Καλημέρα, το κατάστημα είναι ανοιχτό");
        assertThat(Disguises.undo("Your order is on its way. Café crème, naïve")).isEqualTo("Your order is on its way. Café crème, naïve");
    }

    @Test
    void lettersSpelledOutOneByOneAreTheWordTheySpell() {
        assertThat(Disguises.undo("F R E E delivery, c.r.y.p.t.o and S - A - L - E")).isEqualTo("FREE delivery, crypto and SALE");
        assertThat(Disguises.undo("ｆ ｒ ｅ ｅ")).isEqualTo("free");
        // Two letters, or separators that differ, are ordinary text.
        assertThat(Disguises.undo("Open 9 a.m. to 5, e.g. for Q & A or plan A - B. c r-y p")).isEqualTo("Open 9 a.m. to 5, e.g. for Q & A or plan A - B. c r-y p");
    }

    @Test
    void digitsWrittenForLettersAreReadAsTheWordTheySpell() {
        assertThat(Disguises.digitsAsLetters("FR33 shipping, 50% 0ff, c@sh and $ale!", w -> true))
                .isEqualTo("FREE shipping, 50% off, cash and sale!");
        // Numbers with their units, and anything the caller's dictionary does not take, stay.
        assertThat(Disguises.digitsAsLetters("Open 4pm on the 2nd, 10kg, room 101, ref A7K2", w -> true))
                .isEqualTo("Open 4pm on the 2nd, 10kg, room 101, ref A7K2");
        assertThat(Disguises.digitsAsLetters("fr33 and zz9", "free"::equals)).isEqualTo("free and zz9");
        assertThat(Disguises.readings("earn c\u200Brypt0 now")).containsExactly("earn crypt0 now", "earn crypto now");
        assertThat(Disguises.readings("open at 4pm")).containsExactly("open at 4pm");
        String plain = "No digit for a letter here";
        assertThat(Disguises.digitsAsLetters(plain, w -> true)).isSameAs(plain);
    }
}
