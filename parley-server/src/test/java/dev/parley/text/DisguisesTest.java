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
}
