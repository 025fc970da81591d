package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.automation.AutomationSettings;
import dev.parley.textmodel.TestEmbedder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Service replies pass, promotions are flagged with a reason; the accuracy is printed. The rules
 * alone (the check with {@code business.promotion_model=off}) and with the model.
 */
@Tag("store-free")
class PromotionClassifierTest {
    private final PromotionClassifier classifier = new PromotionClassifier();
    private static PromotionClassifier withModel;

    @BeforeAll
    static void load() throws Exception {
        withModel = PromotionClassifier.withModel(TestEmbedder.shared());
    }

    static final List<String> SERVICE = List.of(
            "Here is your refund code: RF-20931. It's valid at checkout for 90 days.",
            "Your order ships free, it should arrive on Thursday.",
            "Your order #48213 left our warehouse this morning; the tracking link is in your email.",
            "The blue jacket is $89 in all sizes, and we have your size in stock.",
            "We're sorry the parcel arrived damaged. A replacement is on its way at no cost.",
            "Your refund of $42.50 was sent to your card; banks take 3-5 days.",
            "Yes, the store on Main Street is open until 9pm today.",
            "The return label is attached. Drop the box at any post office.",
            "Thanks for reaching out! Your booking for two on Friday at 7pm is confirmed.",
            "That model costs 120 euros and comes with a two-year warranty.",
            "I checked: your payment went through and the invoice is in your account.",
            "Delivery to Canada takes about a week and costs $15.",
            "Happy to help! You can change your password under Settings > Security.",
            "Your exchange was approved, the new size ships tomorrow.",
            "As requested, I cancelled your subscription; you won't be charged again.",
            "The discount you got last month still shows on your receipt, so the price is right.",
            "Sorry for the wait. Order 77120 is delayed by the storm, new date Monday.",
            "Yes, that code in your confirmation email is your booking reference.",
            "Let us know the order number and we'll look into the missing item.",
            "Shipping is free for your order because it was a replacement.",
            "The charger is sold separately for $25, the phone price includes the case.",
            "Your table is ready whenever you arrive, no need to call ahead.");

    static final List<String> PROMOTIONS = List.of(
            "Use code SAVE20 for 20% off your next order!",
            "Our summer sale starts today: everything half price.",
            "Flash sale! 30% off all sneakers, today only.",
            "Buy one, get one free on all t-shirts this weekend.",
            "Don't miss our Black Friday deals, shop now before they're gone!",
            "Exclusive offer for you: save $50 when you spend $200.",
            "Limited time: free gift with every purchase. Hurry!",
            "New collection just dropped. Shop the look now!",
            "Last chance to grab 40% off winter coats, ends tonight.",
            "Get 15% off with promo code WELCOME15 at checkout.",
            "Clearance! Prices slashed on last season's styles, while stocks last.",
            "Free shipping on all orders over $50 this week only, order now.",
            "Our biggest sale of the year is here: up to 70% off.",
            "Cyber Monday: save up to $100 on headphones.",
            "Treat yourself: 25% discount on spa packages, book now.",
            "Check out our new arrivals and claim your 10% welcome discount.",
            "Hurry, the holiday sale ends Sunday!",
            "Unbeatable deals on laptops this weekend, buy now.",
            "BOGO on all candles, today only.",
            "Use the code SPRING for a special offer on garden tools.",
            "Subscribe today and get your first box half-price.",
            "Amazing deals are waiting for you, shop our outlet now.");

    @Test
    void separatesServiceFromPromotion() {
        int right = 0;
        for (String s : SERVICE) {
            PromotionClassifier.Verdict v = classifier.classify(s);
            if (!v.promotional()) {
                right++;
            } else {
                System.out.println("service flagged: " + s + " " + v);
            }
        }
        for (String p : PROMOTIONS) {
            PromotionClassifier.Verdict v = classifier.classify(p);
            if (v.promotional()) {
                right++;
                assertThat(v.reasons()).isNotEmpty();
            } else {
                System.out.println("promotion missed: " + p + " " + v);
            }
        }
        int total = SERVICE.size() + PROMOTIONS.size();
        System.out.printf("promotion classifier: %d of %d right (%.1f%%) on %d service replies and %d promotions%n",
                right, total, 100.0 * right / total, SERVICE.size(), PROMOTIONS.size());
        assertThat(SERVICE).allSatisfy(s -> assertThat(classifier.classify(s).promotional()).as(s).isFalse());
        assertThat(PROMOTIONS).allSatisfy(p -> assertThat(classifier.classify(p).promotional()).as(p).isTrue());
    }

    @Test
    void saysWhy() {
        PromotionClassifier.Verdict v = classifier.classify("Use code SAVE20 for 20% off, today only!");
        assertThat(v.reasons()).contains("offers a discount", "gives a promo code", "pushes urgency");
    }

    @Test
    void withTheModelTheSameServiceRepliesPassAndPromotionsAreFlagged() {
        assertThat(SERVICE).allSatisfy(s -> assertThat(withModel.classify(s).promotional()).as(s).isFalse());
        assertThat(PROMOTIONS).allSatisfy(p -> assertThat(withModel.classify(p).reasons()).as(p).isNotEmpty());
        assertThat(PROMOTIONS.stream().filter(p -> withModel.classify(p).promotional()).count())
                .as("promotions caught with the model").isGreaterThanOrEqualTo(PROMOTIONS.size() - 1);
    }

    /** Promotion in words no rule has: the model catches it, and says so, since the rules found no reason. */
    @Test
    void theModelCatchesPromotionTheRulesHaveNoWordsFor() {
        for (String soft : List.of(
                "Thinking of a weekend away? Our sea-view rooms are quiet in March and the spa is open late.",
                "Spring is nearly here, and our garden team has a few Saturdays left to tidy your borders before the growing season.")) {
            assertThat(classifier.classify(soft).promotional()).as("rules alone: " + soft).isFalse();
            PromotionClassifier.Verdict v = withModel.classify(soft);
            assertThat(v.promotional()).as(soft).isTrue();
            assertThat(v.reasons()).as(soft).startsWith(PromotionClassifier.READS_AS_PROMOTION);
        }
    }

    /**
     * A pitch after a friendly line: the model calls the message promotion, and since the rules
     * name no words for it, the refusal quotes the sentence that reads most as marketing, so the
     * agent knows what to take out. A message of one sentence has nothing to quote.
     */
    @Test
    void aPitchTackedOntoAServiceReplyIsQuoted() {
        String reply = "Hope you're enjoying the tent. Our new lightweight trekking range just landed, and lots of people"
                + " are loving it.";
        PromotionClassifier.Verdict v = withModel.classify(reply);
        assertThat(v.promotional()).isTrue();
        assertThat(v.reasons()).first().isEqualTo(PromotionClassifier.READS_AS_PROMOTION);
        assertThat(v.reasons().get(1)).startsWith(PromotionClassifier.MOST_OF_ALL).contains("trekking range")
                .doesNotContain("enjoying the tent");
        String one = "Only a few spots left on Saturday's guided camping weekend - want me to save you one?";
        assertThat(withModel.classify(one).reasons()).containsExactly(PromotionClassifier.READS_AS_PROMOTION);
    }

    /**
     * A few words say too little for the model ("We do!" read as an advert before this rule), and
     * the FAQ bot's own disclosure is not the business's wording: an opening-hours answer
     * wrapped in it read as promotion and the bot's answer was refused.
     */
    @Test
    void shortRepliesAndTheBotsOwnWordsAreNotPromotion() {
        for (String text : List.of("We do!", "Yes!", "Thanks!", "👍", "On it!",
                "I'm Shop 1’s automated assistant (a bot). We are open 9 to 5, Monday to Friday.",
                "I'm Harbour Outfitters's automated assistant (a bot). We're open 9 to 5 on weekdays.\n\n"
                        + "You can ask me, for example:\n• Do you deliver?")) {
            assertThat(withModel.classify(text).promotional()).as(text).isFalse();
            // Nothing for the composer to show either, though "!" is a weak sign to the rules.
            assertThat(withModel.classify(text).reasons()).as(text).isEmpty();
            assertThat(classifier.classify(text).reasons()).as(text).isEmpty();
        }
        assertThat(PromotionClassifier.businessWords("I'm Shop 1’s automated assistant (a bot). Open 9 to 5.\n\n"
                + "You can ask me, for example:\n• Do you deliver?")).isEqualTo("Open 9 to 5.\n\n• Do you deliver?");
        // A short promotion is still caught, by the rules' words.
        assertThat(withModel.classify("50% off today!").promotional()).isTrue();
    }

    /**
     * A sign-off reads as service to the model ("thanks", "regards"): a promotion signed by the team passed as
     * service before the signed message was also read without its sign-off, and a service reply stays one signed.
     */
    @Test
    void aSignOffDoesNotTurnAPromotionIntoService() {
        for (String signOff : List.of(" Kind regards, the team", " Thanks!", " Many thanks, Jo at Bloom")) {
            for (String promotion : List.of("The new issue of our magazine is out, pick one up at the till.",
                    "Your pet's annual check-up is a good time to ask about our dental plan.",
                    "Autumn menu is here. Come try the pumpkin ravioli.")) {
                assertThat(withModel.classify(promotion + signOff).promotional()).as(promotion + signOff).isTrue();
            }
            for (String reply : List.of("Your refund of £12.50 went back to your card today.",
                    "We're open until 6pm on Saturdays.", "Your order ships tomorrow; here is the tracking link.")) {
                assertThat(withModel.classify(reply + signOff).promotional()).as(reply + signOff).isFalse();
            }
        }
    }

    /**
     * A greeting that reads as a mass mailing ("Hi everyone!", "Hello all!") does not make a service reply promotion;
     * a promotion stays one greeted so. The playlist line so greeted was read as promotion (0.65 and 0.57) before a
     * greeted message was also read without its greeting.
     */
    @Test
    void aGreetingDoesNotTurnAServiceReplyIntoPromotion() {
        for (String greeting : List.of("Hi everyone! ", "Hello all! ")) {
            for (String reply : List.of("To save a playlist for offline use, tap the download arrow.",
                    "Your repaired watch is ready to collect from the Elm Street shop.",
                    "Your table for four is booked for 7pm on Friday.", "The parcel you asked about was delivered to your neighbour at number 12.")) {
                assertThat(withModel.classify(greeting + reply).promotional()).as(greeting + reply).isFalse();
            }
            for (String promotion : List.of("Our winter sale starts Friday with 30% off all coats.",
                    "New this week: try our pumpkin spice latte, two for one until Sunday.")) {
                assertThat(withModel.classify(greeting + promotion).promotional()).as(greeting + promotion).isTrue();
            }
        }
    }

    /** An offer after a line of service is still an offer, and the refusal quotes it; a reply of service lines is not one. */
    @Test
    void anOfferTackedOntoAServiceReplyIsPromotion() {
        String pitched = "Your order has shipped and should arrive on Thursday. While you wait, our Boxing Day sale is on"
                + " now, with up to 60% off storewide.";
        PromotionClassifier.Verdict v = withModel.classify(pitched);
        assertThat(v.promotional()).isTrue();
        assertThat(v.reasons()).contains("offers a discount", PromotionClassifier.MOST_OF_ALL
                + "\u201cWhile you wait, our Boxing Day sale is on now, with up to 60% off storewide.\u201d");
        for (String reply : List.of("Your order has shipped and should arrive on Thursday. The tracking link is in your"
                + " email. Let us know if anything is missing.", "We've refunded the £12.50 delivery charge. It should"
                + " show on your card within five working days. Sorry again for the wait.")) {
            assertThat(withModel.classify(reply).promotional()).as(reply).isFalse();
        }
    }

    /**
     * The node's own automatic texts, as a business gets them by default, are never promotion,
     * whatever the business and customer are called: the satisfaction question read as an advert
     * for some names before the model learnt from rating requests.
     */
    @Test
    void theDefaultAutomaticRepliesAreNotPromotion() {
        AutomationSettings defaults = AutomationSettings.defaults();
        for (String business : List.of("Shop 3", "Acme", "Harbour Outfitters", "Bloom", "Café Lune", "Riverside Gym",
                "Northside Dental", "Pet Palace", "Metro Mobile")) {
            for (String customer : List.of("Jane", "there")) {
                for (String template : List.of(defaults.instantReply().text(), defaults.awayMessage().text(),
                        defaults.satisfaction().text())) {
                    String text = template.replace("{{business.name}}", business)
                            .replaceAll("\\{\\{customer\\.first_name[^}]*}}", customer);
                    assertThat(withModel.classify(text).promotional()).as(text).isFalse();
                }
            }
        }
    }
}
