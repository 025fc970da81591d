package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An agent snoozes a conversation: it leaves the open view until then, or until the customer writes again. */
class SnoozeTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-01T14:00:00Z"));
    static TestNode node;
    static Api api;
    static Shops shops;
    static int n;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of(), CLOCK);
        api = node.api;
        shops = new Shops(api);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private String written(Shop shop, String text) {
        Person customer = api.signUp("snz_c" + (++n));
        String c = shops.customerConversation(shop, customer);
        api.send(customer, c, text).expect(201);
        shops.awaitItem(shop, shop.owner(), c, i -> i.get("intake").asText().equals("done"));
        customers.add(customer);
        return c;
    }

    private final List<Person> customers = new ArrayList<>();

    private JsonNode page(Shop shop, String status) {
        return api.get(shop.base() + "/inbox?status=" + status, shop.owner().token()).expect(200).body();
    }

    @Test
    void aSnoozedConversationLeavesTheOpenViewUntilItsTimeOrTheCustomersNextMessage() {
        Shop shop = shops.shop("snz");
        String c1 = written(shop, "Hello, where is my parcel?");
        String c2 = written(shop, "Hi, can I change my order?");
        String until = CLOCK.instant().plus(Duration.ofHours(2)).toString();
        JsonNode item = api.post(shop.base() + "/inbox/" + c1 + "/snooze", shop.owner().token(), Map.of("until", until))
                .expect(200).body();
        assertThat(item.get("snoozed_until").asText()).isEqualTo(until);
        assertThat(ids(page(shop, "open"))).containsExactly(c2);
        JsonNode snoozed = page(shop, "snoozed");
        assertThat(ids(snoozed)).containsExactly(c1);
        assertThat(snoozed.at("/counts/snoozed").asLong()).isEqualTo(1);
        assertThat(snoozed.at("/counts/open").asLong()).isEqualTo(1);

        // Its time comes: back in the open view.
        CLOCK.advance(Duration.ofHours(3));
        assertThat(ids(page(shop, "open"))).containsExactlyInAnyOrder(c1, c2);
        assertThat(page(shop, "open").at("/counts/snoozed").asLong()).isZero();
        // And it no longer says it is snoozed: it showed the past time while back in the open view.
        assertThat(api.get(shop.base() + "/inbox/" + c1, shop.owner().token()).expect(200).body().get("snoozed_until")
                .isNull()).isTrue();
        assertThat(page(shop, "open").get("items")).allSatisfy(i -> assertThat(i.get("snoozed_until").isNull()).isTrue());

        // Snoozed again, but the customer writes: back at once, the snooze gone.
        api.post(shop.base() + "/inbox/" + c2 + "/snooze", shop.owner().token(),
                Map.of("until", CLOCK.instant().plus(Duration.ofDays(1)).toString())).expect(200);
        assertThat(ids(page(shop, "open"))).containsExactly(c1);
        api.send(customers.get(1), c2, "Any news?").expect(201);
        JsonNode woken = shops.awaitItem(shop, shop.owner(), c2, i -> i.get("snoozed_until").isNull());
        assertThat(woken.get("status").asText()).isEqualTo("open");
        assertThat(ids(page(shop, "open"))).containsExactlyInAnyOrder(c1, c2);
    }

    @Test
    void aBadTimeIsExplainedAndAStrangerGetsTheSame404AsAnUnknownConversation() {
        Shop shop = shops.shop("snzbad");
        String c = written(shop, "Hello there");
        assertThat(api.post(shop.base() + "/inbox/" + c + "/snooze", shop.owner().token(), Map.of("until", "tomorrow"))
                .expect(422).code()).isEqualTo("validation_failed");
        assertThat(api.post(shop.base() + "/inbox/" + c + "/snooze", shop.owner().token(),
                Map.of("until", CLOCK.instant().plus(Duration.ofDays(400)).toString())).expect(422).raw())
                .contains("90 days");
        Person stranger = api.signUp("snz_stranger" + (++n));
        Api.Res foreign = api.post(shop.base() + "/inbox/" + c + "/snooze", stranger.token(),
                Map.of("until", CLOCK.instant().plus(Duration.ofHours(1)).toString()));
        Api.Res unknown = api.post(shop.base() + "/inbox/c-unknown/snooze", shop.owner().token(),
                Map.of("until", CLOCK.instant().plus(Duration.ofHours(1)).toString()));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("conversation_id").asText()));
        return out;
    }
}
