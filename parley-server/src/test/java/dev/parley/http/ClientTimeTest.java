package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.account.JdbcAccountStore;
import dev.parley.business.Shops;
import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Times a client sends are held to years 1970 to 9999 at the edge: ISO-8601 admits years to
 * ±999,999,999, and such a time overflowed epoch millis and answered 500 (a mute's
 * {@code muted_until} did, in {@code ConversationStore.setMuted}).
 */
class ClientTimeTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static final List<String> OUT_OF_RANGE = List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "+292278994-08-17T07:12:55.808Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z");
    static int n;

    private static void refused(Api.Res r, String field) {
        r.expect(422);
        assertThat(r.code()).isEqualTo("validation_failed");
        assertThat(r.body().get("detail").asText()).contains("'" + field + "'").contains("1970").contains("9999");
    }

    @Test
    void aMuteUntilAnExtremeTimeIsRefusedNamingTheField() {
        Person ann = api.signUp("ct_ann" + (++n));
        Person bob = api.signUp("ct_bob" + n);
        api.setDmPolicy(bob, "everyone");
        String dm = api.open(ann, bob);
        String path = "/api/v1/conversations/" + dm + "/notifications";
        for (String t : OUT_OF_RANGE) {
            refused(api.put(path, ann.token(), Map.of("muted_until", t)), "muted_until");
        }
        // The bounds themselves are fine, so "muted for a very long time" typed as a date still works.
        api.put(path, ann.token(), Map.of("muted_until", "9999-12-31T23:59:59Z")).expect(200);
        assertThat(api.get("/api/v1/conversations/" + dm, ann.token()).expect(200).body().get("muted").asBoolean()).isTrue();
    }

    @Test
    void aSnoozeARevokeBeforeAModerationAndAMetricsPeriodAreBoundedAlike() {
        Shops shops = new Shops(api);
        Shop shop = shops.shop("ct_shop" + (++n));
        Person customer = api.signUp("ct_cust" + n);
        String c = shops.customerConversation(shop, customer);
        api.send(customer, c, "Hello, where is my parcel?").expect(201);
        Eventually.await("the inbox item", Duration.ofSeconds(20),
                () -> api.get(shop.base() + "/inbox/" + c, shop.owner().token()).status() == 200);
        for (String t : OUT_OF_RANGE) {
            refused(api.post(shop.base() + "/inbox/" + c + "/snooze", shop.owner().token(), Map.of("until", t)), "until");
            refused(api.get(shop.base() + "/metrics?to=" + t.replace("+", "%2B"), shop.owner().token()), "to");
        }
        // A date is held to those years as a date: the last one takes in its whole day, which ends in the year
        // 10000, and was refused as "not a time in the years 1970 to 9999".
        api.get(shop.base() + "/metrics?from=9999-01-01&to=9999-12-31", shop.owner().token()).expect(200);
        api.get(shop.base() + "/metrics/export?from=9999-06-01&to=9999-12-31", shop.owner().token()).expect(200);
        refused(api.get(shop.base() + "/metrics?from=1969-12-31&to=1970-01-02", shop.owner().token()), "from");

        Person root = api.signUp("ct_keeper" + n);
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "ct" + n)).expect(201)
                .body().get("secret").asText();
        api.call("PUT", "/api/v1/app/users/u1", secret, Map.of("display_name", "U One")).expect(201);
        Person mod = api.signUp("ct_judge" + n);
        api.put("/api/v1/admin/moderators/" + mod.id(), root.token()).expect(204);
        for (String t : OUT_OF_RANGE) {
            refused(api.post("/api/v1/app/users/u1/revoke-tokens", secret, Map.of("before", t)), "before");
            refused(api.post("/api/v1/app/revoke-tokens", secret, Map.of("before", t)), "before");
            refused(api.post("/api/v1/moderation/actions", mod.token(), Map.of("action", "suspend",
                    "target", Map.of("kind", "account", "id", customer.id()), "reason", "r", "until", t)), "until");
        }
        assertThat(api.get("/api/v1/me", customer.token()).status()).isEqualTo(200);
    }
}
