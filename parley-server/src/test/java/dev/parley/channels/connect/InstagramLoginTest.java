package dev.parley.channels.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.channels.MetaFixtures;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Instagram account connected through Instagram Login, after connecting, on a real node with
 * Meta's and Instagram's APIs stubbed on 127.0.0.1: its deliveries are signed with the Instagram
 * app's secret, its replies go to graph.instagram.com with its own token, and that 60-day token is
 * refreshed before it runs out.
 */
class InstagramLoginTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-05-04T10:00:00Z"));
    static final String IG_SECRET = "ig-secret-abcdef";
    static ConnectStub stub;
    static TestNode node;
    static Api api;
    static int n;

    Person owner;
    String business;
    String igUser;

    @BeforeAll
    static void start() {
        stub = new ConnectStub();
        node = TestNode.start(stub.settings(), CLOCK);
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
        stub.close();
    }

    @BeforeEach
    void connectThroughInstagramLogin() {
        n++;
        owner = api.signUp("igl_owner" + n);
        business = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "igl_shop" + n, "display_name",
                "Shop " + n)).expect(201).body().at("/business/id").asText();
        igUser = "178414555000" + n;
        stub.igUser = igUser;
        String url = api.post("/api/v1/businesses/" + business + "/channels/instagram/connect", owner.token(), Map.of())
                .expect(200).body().get("authorize_url").asText();
        String callback = ConnectStub.visit(url).headers().firstValue("Location").orElseThrow();
        assertThat(ConnectStub.visit(callback).headers().firstValue("Location").orElseThrow()).contains("outcome=connected");
    }

    @Test
    void aDeliverySignedWithTheInstagramAppSecretIsTakenAndTheReplyGoesToInstagramsGraphWithTheAccountsToken() {
        byte[] wrong = body("m_wrong_" + n, "not ours");
        assertThat(deliver(wrong, MetaFixtures.sign("some-other-secret", wrong)).statusCode()).isEqualTo(401);
        assertThat(deliver(wrong, null).statusCode()).isEqualTo(401);

        String c = customerWrites("m_in_" + n, "hi from instagram");
        reply(c, "hello from the shop");
        ConnectStub.Call sent = Eventually.await("the reply on graph.instagram.com", WAIT,
                () -> stub.calls("POST", "/iggraph/v21.0/" + igUser + "/messages"), l -> !l.isEmpty()).get(0);
        assertThat(sent.authorization()).startsWith("Bearer ig-long-ig-short-");
        assertThat(sent.body()).contains("hello from the shop").contains("\"id\":\"igsid-" + n + "\"");
        assertThat(stub.calls("POST", "/graph/v21.0/" + igUser + "/messages")).isEmpty();
        assertThat(stub.calls("GET", "/refresh_access_token")).isEmpty(); // 60 days left: nothing to refresh
    }

    @Test
    void aTokenNearTheEndOfItsSixtyDaysIsRefreshedAndItsNewExpiryKept() {
        int before = stub.calls("GET", "/iggraph/v21.0/refresh_access_token").size();
        CLOCK.advance(Duration.ofDays(55));
        String c = customerWrites("m_late_" + n, "still there?");
        reply(c, "yes, still here");
        List<ConnectStub.Call> sends = Eventually.await("the reply after the refresh", WAIT,
                () -> stub.calls("POST", "/iggraph/v21.0/" + igUser + "/messages"), l -> l.size() == 1);
        List<ConnectStub.Call> refreshes = stub.calls("GET", "/iggraph/v21.0/refresh_access_token");
        assertThat(refreshes).hasSize(before + 1);
        ConnectStub.Call refresh = refreshes.get(refreshes.size() - 1);
        assertThat(refresh.query()).containsEntry("grant_type", "ig_refresh_token");
        assertThat(refresh.query().get("access_token")).startsWith("ig-long-ig-short-");
        assertThat(sends.get(0).authorization()).startsWith("Bearer ig-refreshed-");

        // The refreshed token's 60 days were kept: the next reply neither refreshes again nor uses the old token.
        reply(c, "and again");
        List<ConnectStub.Call> again = Eventually.await("the second reply", WAIT,
                () -> stub.calls("POST", "/iggraph/v21.0/" + igUser + "/messages"), l -> l.size() == 2);
        assertThat(again.get(1).authorization()).isEqualTo(sends.get(0).authorization());
        assertThat(stub.calls("GET", "/iggraph/v21.0/refresh_access_token")).hasSize(before + 1);
    }

    @Test
    void theCustomersUsernameFromTheirProfileShowsInTheInboxAndThePictureStaysOnTheServer() {
        stub.profile("igsid-" + n, "{\"name\":\"Ada Maker\",\"username\":\"ada.makes" + n
                + "\",\"profile_pic\":\"https://scontent.example/ada.jpg\"}");
        String c = customerWrites("m_prof_" + n, "do you ship?");
        JsonNode customer = Eventually.await("the profile fetched", WAIT, () -> api.get("/api/v1/businesses/" + business
                + "/inbox/" + c, owner.token()).expect(200).body().get("customer"),
                x -> "Ada Maker".equals(x.path("display_name").asText()) && x.at("/channel/username").isTextual());
        assertThat(customer.at("/channel/network").asText()).isEqualTo("instagram");
        assertThat(customer.at("/channel/username").asText()).isEqualTo("ada.makes" + n);
        assertThat(customer.toString()).doesNotContain("scontent.example");
        // Asked on graph.instagram.com with the account's token, as the account was connected.
        ConnectStub.Call asked = stub.calls("GET", "/iggraph/v21.0/igsid-" + n).get(0);
        assertThat(asked.authorization()).startsWith("Bearer ig-long-ig-short-");
    }

    @Test
    void withoutAnXWebhookIdTheChannelsPageNamesTheManualSubscription() {
        JsonNode items = api.get("/api/v1/businesses/" + business + "/channels/connect", owner.token()).expect(200)
                .body().get("items");
        for (JsonNode network : items) {
            if (network.get("network").asText().equals("x")) {
                assertThat(network.get("manual_step").asText()).contains("channels.x.webhook_id")
                        .contains("/subscriptions/all");
            } else {
                assertThat(network.get("manual_step").isNull()).isTrue();
            }
        }
    }

    private String customerWrites(String mid, String text) {
        byte[] b = body(mid, text);
        assertThat(deliver(b, MetaFixtures.sign(IG_SECRET, b)).statusCode()).isEqualTo(200);
        String base = "/api/v1/businesses/" + business;
        JsonNode items = Eventually.await("the Instagram conversation", WAIT,
                () -> api.get(base + "/conversations", owner.token()).expect(200).body().get("items"),
                l -> l.size() > 0);
        String c = items.get(0).get("id").asText();
        Eventually.await("the customer's message", WAIT, () -> api.get(base + "/conversations/" + c + "/messages",
                owner.token()).expect(200).body().get("items").toString(), s -> s.contains(text));
        return c;
    }

    private void reply(String c, String text) {
        api.post("/api/v1/businesses/" + business + "/conversations/" + c + "/messages", owner.token(),
                Map.of("client_id", "r" + System.nanoTime(), "text", text)).expect(201);
    }

    private byte[] body(String mid, String text) {
        return MetaFixtures.body("instagram-text", Map.of("__PAGE__", igUser, "__USER__", "igsid-" + n, "__MID__", mid,
                "__TEXT__", text, "__TS__", String.valueOf(CLOCK.instant().toEpochMilli())));
    }

    private HttpResponse<String> deliver(byte[] body, String signature) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/channels/instagram/webhook"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        if (signature != null) {
            r.header("X-Hub-Signature-256", signature);
        }
        return ConnectStub.browse(r.build());
    }
}
