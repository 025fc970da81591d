package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("store-free")
class OwnNameTest {
    private static final List<String> NORTHFIELD = List.of("Northfield Cycles", "@northfield_cycles");

    @Test
    void theBusinessNamedAnyWayACustomerWritesItIsYou() {
        assertThat(OwnName.asYou("Does Northfield Cycles price match?", NORTHFIELD)).isEqualTo("Does you price match?");
        assertThat(OwnName.asYou("is northfield cycles open sunday", NORTHFIELD)).isEqualTo("is you open sunday");
        assertThat(OwnName.asYou("what are NORTHFIELD CYCLES' hours", NORTHFIELD)).isEqualTo("what are your hours");
        assertThat(OwnName.asYou("Northfield Cycles\u2019s returns policy?", NORTHFIELD)).isEqualTo("your returns policy?");
        assertThat(OwnName.asYou("where is Northfield?", NORTHFIELD)).isEqualTo("where is you?");
        assertThat(OwnName.asYou("@northfield_cycles do you ship to Spain", NORTHFIELD)).isEqualTo("you do you ship to Spain");
        assertThat(OwnName.asYou("northfieldcycles open today?", NORTHFIELD)).isEqualTo("you open today?");
    }

    @Test
    void aWordOfTheNameThatIsAnEverydayWordOrPartOfAnotherStaysAsWritten() {
        List<String> harbour = List.of("Harbour Outfitters", "@harbour");
        assertThat(OwnName.asYou("is the harbour car park free?", harbour)).isEqualTo("is the harbour car park free?");
        assertThat(OwnName.asYou("Do Harbour Outfitters sell wetsuits?", harbour)).isEqualTo("Do you sell wetsuits?");
        List<String> bloom = List.of("Bloom", "@bloom");
        assertThat(OwnName.asYou("when do peonies bloom?", bloom)).isEqualTo("when do peonies bloom?");
        assertThat(OwnName.asYou("are @bloom open late", bloom)).isEqualTo("are you open late");
        assertThat(OwnName.asYou("is Northfielder Road near you?", NORTHFIELD)).isEqualTo("is Northfielder Road near you?");
        assertThat(OwnName.asYou("The Daily Grind or Daily Grind?", List.of("The Daily Grind", "@dailygrind")))
                .isEqualTo("you or you?");
    }

    /**
     * Found from outside: {@code …/faq/try} read "Is the Northfield store open on Sunday?" as "Is the you store open on
     * Sunday?". An article before the name goes with it, and a "store" or "shop" after it (or ending the name) reads
     * as "your store".
     */
    @Test
    void anArticleBeforeTheNameAndAStoreAfterItReadNaturally() {
        assertThat(OwnName.asYou("Is the Northfield store open on Sunday?", NORTHFIELD))
                .isEqualTo("Is your store open on Sunday?");
        assertThat(OwnName.asYou("where is the Northfield Cycles shop", NORTHFIELD)).isEqualTo("where is your shop");
        assertThat(OwnName.asYou("does the northfield cycles price match?", NORTHFIELD)).isEqualTo("does you price match?");
        assertThat(OwnName.asYou("the Northfield store's hours?", NORTHFIELD)).isEqualTo("your hours?");
        assertThat(OwnName.asYou("Northfield's store in Leeds", NORTHFIELD)).isEqualTo("your store in Leeds");
        List<String> corner = List.of("The Corner Shop", "@cornershop");
        assertThat(OwnName.asYou("Does the Corner Shop deliver?", corner)).isEqualTo("Does your shop deliver?");
        assertThat(OwnName.asYou("is the harbour car park free?", List.of("Harbour Outfitters", "@harbour")))
                .isEqualTo("is the harbour car park free?");
    }

    @Test
    void noNamesLeaveTheQuestionAlone() {
        assertThat(OwnName.asYou("Does Northfield price match?", List.of())).isEqualTo("Does Northfield price match?");
        assertThat(OwnName.forms(List.of("", "@"))).isEmpty();
    }
}
