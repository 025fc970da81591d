package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.safety.PromotionClassifier;
import dev.parley.testing.Api.Person;
import dev.parley.testing.TestNode;
import dev.parley.testing.MutableClock;
import dev.parley.testing.NodeFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rules that keep brands from spamming, checked at exact instants with a pinned clock. */
class BusinessRulesTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-01T09:00:00Z"));
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("business.outreach_per_day", "5", "business.promotions_per_week", "2"), CLOCK);
    static final Api api = NODE.api();
    static int n;
    Person owner;
    String shop;
    String b;

    @BeforeEach
    void business() {
        n++;
        owner = api.signUp("owner" + n);
        shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "shop" + n, "display_name", "Shop " + n))
                .expect(201).body().at("/business/id").asText();
        b = "/api/v1/businesses/" + shop;
    }

    /** A customer who likes the shop and writes to it; answers the conversation id. */
    private String customerWrites(Person customer, String text) {
        api.put("/api/v1/accounts/" + shop + "/like", customer.token()).expect(200);
        String c = api.open(customer, new Person(shop, "shop", null));
        api.send(customer, c, text).expect(201);
        return c;
    }

    private Api.Res reply(String conversation, String text, boolean automated) {
        return api.post(b + "/conversations/" + conversation + "/messages", owner.token(),
                automated ? Map.of("client_id", UUID.randomUUID().toString(), "text", text, "automated", true)
                        : Map.of("client_id", UUID.randomUUID().toString(), "text", text));
    }

    private Api.Res outreach(Person to, String text) {
        return outreachTo(to.id(), text);
    }

    private Api.Res outreachTo(String accountId, String text) {
        return api.post(b + "/conversations", owner.token(),
                Map.of("member_ids", List.of(accountId), "client_id", UUID.randomUUID().toString(), "text", text));
    }

    @Test
    void replyWindowIs24HoursAndSevenDaysForAHumanAgent() {
        Person cus = api.signUp("cus" + n);
        String c = customerWrites(cus, "Is my order on its way?");
        CLOCK.advance(Duration.ofHours(23).plusMinutes(59));
        Api.Res inTime = reply(c, "Checking now, one moment.", true);
        assertThat(inTime.status()).as(inTime.raw()).isEqualTo(201);
        CLOCK.advance(Duration.ofMinutes(2)); // 24 h 1 m after the customer's message
        Api.Res late = reply(c, "Your order shipped.", true);
        assertThat(late.status()).isEqualTo(403);
        assertThat(late.code()).isEqualTo("outside_window");
        // A human agent's reply may still go out, until 7 days after the customer's message.
        assertThat(reply(c, "Sorry for the wait, it shipped today.", false).status()).isEqualTo(201);
        CLOCK.advance(Duration.ofDays(5).plusHours(23).plusMinutes(58)); // 7 d minus 1 m
        assertThat(reply(c, "Did it arrive?", false).status()).isEqualTo(201);
        CLOCK.advance(Duration.ofMinutes(2)); // 7 d 1 m
        Api.Res tooLate = reply(c, "Just checking in again.", false);
        assertThat(tooLate.code()).isEqualTo("outside_window");
        // The dry run says the same before sending.
        JsonNode check = api.post(b + "/conversations/" + c + "/messages/check", owner.token(), Map.of("text", "hello?"))
                .expect(200).body();
        assertThat(check.get("allowed").asBoolean()).isFalse();
        assertThat(check.get("code").asText()).isEqualTo("outside_window");
        // The customer writing again opens the window again.
        api.send(cus, c, "It arrived, thanks!").expect(201);
        assertThat(reply(c, "Great to hear!", true).status()).isEqualTo(201);
    }

    @Test
    void outreachLandsAsARequestAndABlastIsRefused() {
        Person ann = api.signUp("ann_" + n);
        Person bea = api.signUp("bea_" + n);
        Person cid = api.signUp("cid_" + n);
        api.follow(ann, new Person(shop, "shop", null)); // even a follower gets it as a request
        Api.Res first = outreach(ann, "Hi Ann_" + n + ", we'd love to feature your sketches in our gallery.");
        assertThat(first.status()).isEqualTo(201);
        JsonNode requests = api.get("/api/v1/conversations?folder=requests", ann.token()).body();
        assertThat(requests.at("/items/0/id").asText()).isEqualTo(first.body().at("/conversation/id").asText());
        assertThat(outreach(bea, "Hi Bea_" + n + ", we'd love to feature your sketches in our gallery.").status())
                .isEqualTo(201);
        // The same message to a third prospect, only the name changed, is a blast.
        Api.Res third = outreach(cid, "hi CID_" + n + " - we'd love to feature your sketches in our gallery!");
        assertThat(third.status()).isEqualTo(403);
        assertThat(third.code()).isEqualTo("not_personal");
        // Nothing was written: Cid has no conversation at all.
        assertThat(api.get("/api/v1/conversations?folder=requests", cid.token()).body().get("items")).isEmpty();
        assertThat(api.get(b + "/conversations", owner.token()).body().get("items")).hasSize(2);
        // A message written for Cid goes through.
        assertThat(outreach(cid, "Cid, your mural on 5th street is wonderful. Could we talk about a collaboration?")
                .status()).isEqualTo(201);
        // A day later the same text is no longer a blast.
        CLOCK.advance(Duration.ofHours(25));
        Person dee = api.signUp("dee_" + n);
        assertThat(outreach(dee, "Hi Dee_" + n + ", we'd love to feature your sketches in our gallery.").status())
                .isEqualTo(201);
    }

    /**
     * Outreach must not tell which ids are accounts the business may not see: an app's user (another
     * network) and a person who blocked the shop answer exactly as an unknown id does, whatever the
     * text (a promotion is refused only for someone the business can see).
     */
    @Test
    void outreachToAnAccountTheBusinessCannotSeeAnswersAsAnUnknownId() {
        Person root = api.signUp("keeper_" + n);
        new dev.parley.account.JdbcAccountStore(NODE.node().node().database(), java.time.Clock.systemUTC())
                .setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "elsewhere" + n)).expect(201)
                .body().get("secret").asText();
        String appUser = api.call("PUT", "/api/v1/app/users/x" + n, secret, Map.of("display_name", "Far Away"))
                .expect(201).body().get("id").asText();
        Person blocker = api.signUp("blocker" + n);
        api.put("/api/v1/accounts/" + shop + "/block", blocker.token()).expect(200);
        String unknown = "a-01zzzzzzzzzzzzzzzzzzzz" + n;
        for (String text : List.of("Hello there, a note written for you.", "Use code SAVE20 for 20% off your first order!")) {
            Api.Res none = outreachTo(unknown, text);
            assertThat(none.status()).isEqualTo(404);
            for (String hidden : List.of(appUser, blocker.id())) {
                Api.Res r = outreachTo(hidden, text);
                assertThat(r.status()).as(text).isEqualTo(404);
                assertThat(r.raw().replace(hidden, unknown)).as(text).isEqualTo(none.raw());
            }
        }
    }

    @Test
    void outreachHasADailyCapAndCannotBePromotion() {
        for (int i = 0; i < 5; i++) {
            Person p = api.signUp("p" + n + "_" + i);
            Api.Res r = outreach(p, "Hello " + i + ", message number " + i + " written for you.");
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
        }
        Person sixth = api.signUp("sixth" + n);
        Api.Res capped = outreach(sixth, "Hello, this one is personal too.");
        assertThat(capped.code()).isEqualTo("outreach_limit");
        CLOCK.advance(Duration.ofHours(24).plusMinutes(1));
        Api.Res promo = outreach(sixth, "Use code SAVE20 for 20% off your first order!");
        assertThat(promo.status()).isEqualTo(403);
        assertThat(promo.code()).isEqualTo("promotional_content");
        assertThat(promo.body().get("reasons")).isNotEmpty();
        JsonNode dry = api.post(b + "/outreach/check", owner.token(),
                Map.of("member_ids", List.of(sixth.id()), "text", "Flash sale today only!")).expect(200).body();
        assertThat(dry.get("code").asText()).isEqualTo("promotional_content");
    }

    @Test
    void promotionOnlyWithConsentAndUnderTheCap() {
        Person cus = api.signUp("fan" + n);
        String c = customerWrites(cus, "Do you restock the green mugs?");
        String promo = "Flash sale: 30% off all mugs, today only!";
        Api.Res refused = reply(c, promo, false);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("promotional_content");
        assertThat(refused.body().get("reasons").toString()).contains("offers a discount");
        // Service replies pass, also when they mention money.
        assertThat(reply(c, "Here is your refund code: RF-1182, and your order ships free.", false).status()).isEqualTo(201);

        JsonNode sub = api.call("PUT", "/api/v1/accounts/" + shop + "/subscription", cus.token(), Map.of("method", "dm"))
                .expect(200).body();
        assertThat(sub.get("subscribed").asBoolean()).isTrue();
        assertThat(reply(c, promo, false).status()).isEqualTo(201);
        assertThat(reply(c, "Weekend deal: buy one, get one free on mugs!", false).status()).isEqualTo(201);
        Api.Res third = reply(c, "Last chance: 40% off everything, ends tonight!", false);
        assertThat(third.status()).isEqualTo(403);
        assertThat(third.code()).isEqualTo("promotion_cap_reached");
        assertThat(third.body().get("reasons").toString()).contains("cap");

        CLOCK.advance(Duration.ofDays(7).plusMinutes(1));
        api.send(cus, c, "Any new mugs?").expect(201);
        api.delete("/api/v1/accounts/" + shop + "/subscription", cus.token()).expect(200);
        assertThat(reply(c, promo, false).code()).isEqualTo("promotional_content");
        // The ledger keeps who, when, how and when withdrawn.
        JsonNode ledger = api.get(b + "/consents", owner.token()).body();
        assertThat(ledger.at("/items/0/account_id").asText()).isEqualTo(cus.id());
        assertThat(ledger.at("/items/0/method").asText()).isEqualTo("dm");
        assertThat(ledger.at("/items/0/withdrawn_at").isNull()).isFalse();
        // Strangers can't read a business's ledger.
        assertThat(api.get(b + "/consents", cus.token()).status()).isEqualTo(404);
    }

    /**
     * Promotion in words no rule has is caught by the model and needs consent like any other;
     * nothing is written. With {@code business.promotion_model=off} the rules alone let it by.
     */
    @Test
    void promotionWithoutSalesWordsNeedsConsentToo() {
        String soft = "Thinking of a weekend away? Our sea-view rooms are quiet in March and the spa is open late.";
        Person cus = api.signUp("soft" + n);
        String c = customerWrites(cus, "Can I move my booking to Friday?");
        JsonNode check = api.post(b + "/conversations/" + c + "/messages/check", owner.token(), Map.of("text", soft))
                .expect(200).body();
        assertThat(check.get("code").asText()).isEqualTo("promotional_content");
        Api.Res refused = reply(c, soft, false);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("promotional_content");
        assertThat(refused.body().get("reasons").toString()).contains(PromotionClassifier.READS_AS_PROMOTION);
        // The sentence that reads most as marketing, quoted as the agent wrote it: the problem's text is UTF-8.
        assertThat(refused.body().get("reasons").get(1).asText()).startsWith(PromotionClassifier.MOST_OF_ALL + "\u201c")
                .endsWith("\u201d").containsAnyOf("Thinking of a weekend away?", "Our sea-view rooms");
        assertThat(api.get("/api/v1/conversations/" + c + "/messages", cus.token()).body().get("items")).hasSize(1);
        assertThat(reply(c, "Yes, I've moved your booking to Friday; same room, same price.", false).status()).isEqualTo(201);

        try (TestNode rulesOnly = TestNode.start(Map.of("business.promotion_model", "off", "inbox.triage", "off"))) {
            Api other = rulesOnly.api;
            Person boss = other.signUp("boss" + n);
            String hotel = other.post("/api/v1/businesses", boss.token(), Map.of("handle", "hotel" + n, "display_name",
                    "Hotel")).expect(201).body().at("/business/id").asText();
            Person guest = other.signUp("guest" + n);
            other.put("/api/v1/accounts/" + hotel + "/like", guest.token()).expect(200);
            String g = other.open(guest, new Person(hotel, "hotel", null));
            other.send(guest, g, "Can I move my booking to Friday?").expect(201);
            assertThat(other.post("/api/v1/businesses/" + hotel + "/conversations/" + g + "/messages", boss.token(),
                    Map.of("client_id", "soft", "text", soft)).status()).as("the rules alone").isEqualTo(201);
        }
    }

    /**
     * A person answering a customer who just wrote types short lines the model alone took for broadcasts: "One more
     * thing" was refused as promotion. In a live chat they go; an offer the rules see does not, and the same short line
     * long after the customer's last message, or from automation, is read as any message.
     */
    @Test
    void shortChatLinesGoInALiveChat() {
        Person cus = api.signUp("kate" + n);
        String c = customerWrites(cus, "Do you have the red ones in a medium?");
        for (String line : List.of("Hi Kate, one more thing", "Hope you love it!", "We have a few left in store",
                "Looking forward to seeing you on Saturday")) {
            assertThat(reply(c, line, false).status()).as(line).isEqualTo(201);
        }
        assertThat(reply(c, "Flash sale today only!", false).code()).isEqualTo("promotional_content");
        JsonNode check = api.post(b + "/conversations/" + c + "/messages/check", owner.token(),
                Map.of("text", "One more thing")).expect(200).body();
        assertThat(check.get("allowed").asBoolean()).as(check.toString()).isTrue();
        CLOCK.advance(Duration.ofHours(2));
        assertThat(reply(c, "We have a few left in store", false).code()).as("no longer a live chat")
                .isEqualTo("promotional_content");
    }

    @Test
    void aPersonsOwnMessagesAreNotGoverned() {
        Person a = api.signUp("pa" + n);
        Person p = api.signUp("pb" + n);
        api.follow(p, a);
        String dm = api.open(a, p);
        assertThat(api.send(a, dm, "Use code SAVE20 for 20% off at my shop!").status()).isEqualTo(201);
    }
}
