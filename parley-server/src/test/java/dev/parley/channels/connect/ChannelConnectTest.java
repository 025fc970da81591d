package dev.parley.channels.connect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Connecting a channel from the business's settings, on a real node against the networks' login
 * pages and APIs stubbed on 127.0.0.1: the browser's round trip (authorize URL, the network's
 * redirect, the callback's redirect into the web client) driven by hand, redirects not followed.
 */
class ChannelConnectTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    static final String X_WEBHOOK = "1146654567674912769";
    static ConnectStub stub;
    static TestNode node;
    static Api api;
    static int n;

    Person owner;
    String business;
    String base;

    @BeforeAll
    static void start() {
        stub = new ConnectStub();
        Map<String, String> settings = new java.util.HashMap<>(stub.settings());
        settings.put("channels.x.webhook_id", X_WEBHOOK);
        node = TestNode.start(settings, CLOCK);
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
        stub.close();
    }

    @BeforeEach
    void shop() {
        n++;
        owner = api.signUp("cc_owner" + n);
        business = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "cc_shop" + n, "display_name",
                "Shop " + n)).expect(201).body().at("/business/id").asText();
        base = "/api/v1/businesses/" + business + "/channels";
        stub.pages(new ConnectStub.Page("20" + n + "001", "Shop Page " + n, "page-token-" + n));
    }

    private String authorize(String network) {
        return api.post(base + "/" + network + "/connect", owner.token(), Map.of()).expect(200).body()
                .get("authorize_url").asText();
    }

    /** The network's login page, granting: the callback URL it redirects the browser to. */
    private static String grant(String authorizeUrl) {
        HttpResponse<String> login = ConnectStub.visit(authorizeUrl);
        assertThat(login.statusCode()).isEqualTo(302);
        return login.headers().firstValue("Location").orElseThrow();
    }

    /** The callback: where in the web client the owner lands. */
    private static Map<String, String> land(String callbackUrl) {
        HttpResponse<String> r = ConnectStub.visit(callbackUrl);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String at = r.headers().firstValue("Location").orElseThrow();
        assertThat(at).startsWith("/#/channels?");
        return ConnectStub.query("http://x/?" + at.substring(at.indexOf('?') + 1));
    }

    private JsonNode channels() {
        return api.get(base, owner.token()).expect(200).body().get("items");
    }

    @Test
    void messengerWithOnePageConnectsThePageAndSubscribesItToTheMessageFields() {
        String url = authorize("messenger");
        Map<String, String> q = ConnectStub.query(url);
        assertThat(url).startsWith(stub.base() + "/fb/v21.0/dialog/oauth?");
        assertThat(q).containsEntry("client_id", "1517776481860111").containsEntry("response_type", "code")
                .containsEntry("scope", "pages_messaging,pages_manage_metadata,pages_show_list")
                .containsEntry("redirect_uri", api.base() + "/api/v1/channels/messenger/oauth/callback");
        assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(43);

        Map<String, String> landed = land(grant(url));
        assertThat(landed).containsEntry("outcome", "connected").containsEntry("network", "messenger")
                .containsEntry("business", business);
        JsonNode ch = channels().get(0);
        assertThat(ch.get("external_id").asText()).isEqualTo("20" + n + "001");
        assertThat(ch.get("name").asText()).isEqualTo("Shop Page " + n);
        assertThat(ch.get("state").asText()).isEqualTo("connected");
        assertThat(ch.toString()).doesNotContain("token");
        // The code became a user token, made long-lived, whose Pages came with their own tokens.
        ConnectStub.Call exchange = stub.calls("GET", "/oauth/access_token").stream()
                .filter(c -> c.query().containsKey("code")).reduce((a, b) -> b).orElseThrow();
        assertThat(exchange.query()).containsEntry("client_secret", "test-app-secret-0123456789")
                .containsEntry("redirect_uri", q.get("redirect_uri"));
        assertThat(stub.calls("GET", "/me/accounts").get(stub.calls("GET", "/me/accounts").size() - 1).authorization())
                .startsWith("Bearer user-long-user-short-code-");
        ConnectStub.Call subscribed = stub.calls("POST", "/20" + n + "001/subscribed_apps").get(0);
        assertThat(subscribed.authorization()).isEqualTo("Bearer page-token-" + n);
        assertThat(subscribed.query().get("subscribed_fields")).contains("messages").contains("message_echoes");
    }

    @Test
    void severalPagesAreOfferedToPickFromAndThePickIsSingleUse() {
        stub.pages(new ConnectStub.Page("30" + n + "001", "Downtown", "tok-a" + n),
                new ConnectStub.Page("30" + n + "002", "Harbour", "tok-b" + n));
        Map<String, String> landed = land(grant(authorize("messenger")));
        assertThat(landed).containsEntry("outcome", "choose");
        String choice = base + "/connect/choices/" + landed.get("choice");
        Api.Res offered = api.get(choice, owner.token()).expect(200);
        assertThat(offered.raw()).contains("Downtown").contains("Harbour").doesNotContain("tok-");
        assertThat(channels()).isEmpty();

        // Another manager of the same business cannot answer the owner's choice: it is bound to the person.
        Person admin = api.signUp("cc_second" + n);
        api.joinTeam(owner, business, admin, "admin");
        assertThat(api.get(choice, admin.token()).expect(404).code()).isEqualTo("not_found");
        Person stranger = api.signUp("cc_stranger" + n);
        api.get(choice, stranger.token()).expect(404);

        api.post(choice, owner.token(), Map.of("external_id", "nope")).expect(422);
        JsonNode picked = api.post(choice, owner.token(), Map.of("external_id", "30" + n + "002")).expect(201).body();
        assertThat(picked.get("name").asText()).isEqualTo("Harbour");
        assertThat(stub.calls("POST", "/30" + n + "002/subscribed_apps").get(0).authorization()).isEqualTo("Bearer tok-b" + n);
        api.post(choice, owner.token(), Map.of("external_id", "30" + n + "001")).expect(404);
        assertThat(channels()).hasSize(1);
    }

    @Test
    void aReplayedForgedExpiredOrOtherNetworksStateIsRefusedWithoutExchangingTheCode() {
        String callback = grant(authorize("messenger"));
        assertThat(land(callback)).containsEntry("outcome", "connected");
        int exchanges = stub.calls("GET", "/oauth/access_token").size();
        assertThat(land(callback)).containsEntry("outcome", "state_invalid").doesNotContainKey("business");
        assertThat(land(callback.replaceAll("state=[^&]+", "state=forged"))).containsEntry("outcome", "state_invalid");
        assertThat(land(callback.replaceAll("&state=[^&]+", ""))).containsEntry("outcome", "state_invalid");

        String late = grant(authorize("messenger"));
        CLOCK.advance(Duration.ofMinutes(11));
        assertThat(land(late)).containsEntry("outcome", "state_invalid");

        String elsewhere = grant(authorize("messenger")).replace("/channels/messenger/", "/channels/x/");
        assertThat(land(elsewhere)).containsEntry("outcome", "state_invalid");
        assertThat(stub.calls("GET", "/oauth/access_token")).hasSize(exchanges);
    }

    @Test
    void twoCallbacksRacingWithOneStateExchangeTheCodeOnce() throws Exception {
        String callback = grant(authorize("messenger"));
        int exchanges = stub.calls("GET", "/oauth/access_token").size();
        java.util.concurrent.CompletableFuture<Map<String, String>> a =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> land(callback));
        java.util.concurrent.CompletableFuture<Map<String, String>> b =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> land(callback));
        assertThat(List.of(a.get().get("outcome"), b.get().get("outcome")))
                .containsExactlyInAnyOrder("connected", "state_invalid");
        // The code exchange and the long-lived exchange, once.
        assertThat(stub.calls("GET", "/oauth/access_token")).hasSize(exchanges + 2);
        assertThat(channels()).hasSize(1);
    }

    @Test
    void anAdminRemovedBeforeTheNetworkAnsweredConnectsNothing() {
        Person admin = api.signUp("cc_later" + n);
        api.joinTeam(owner, business, admin, "admin");
        String url = api.post(base + "/messenger/connect", admin.token(), Map.of()).expect(200).body()
                .get("authorize_url").asText();
        String callback = grant(url);
        api.delete("/api/v1/businesses/" + business + "/agents/" + admin.id(), owner.token()).expect(204);
        assertThat(land(callback)).containsEntry("outcome", "not_a_manager");
        assertThat(channels()).isEmpty();
    }

    @Test
    void deniedConsentAndAFailedExchangeLandInTheSettingsWithAnOutcomeAndNoChannel() {
        stub.denyNext();
        String denied = grant(authorize("messenger"));
        assertThat(denied).contains("error=access_denied");
        assertThat(land(denied)).containsEntry("outcome", "denied").containsEntry("business", business);

        String badCode = grant(authorize("messenger")).replaceAll("code=[^&]+", "code=stolen");
        assertThat(land(badCode)).containsEntry("outcome", "exchange_failed");
        assertThat(channels()).isEmpty();
    }

    @Test
    void instagramLoginExchangesForALongLivedTokenAndSubscribesTheAccount() {
        stub.igUser = "1784140000000" + n;
        String url = authorize("instagram");
        assertThat(url).startsWith(stub.base() + "/ig/oauth/authorize?");
        assertThat(ConnectStub.query(url)).containsEntry("scope", "instagram_business_basic,instagram_business_manage_messages");
        assertThat(land(grant(url))).containsEntry("outcome", "connected");
        JsonNode ch = channels().get(0);
        assertThat(ch.get("network").asText()).isEqualTo("instagram");
        assertThat(ch.get("external_id").asText()).isEqualTo(stub.igUser);
        assertThat(ch.get("name").asText()).isEqualTo("shop.on.ig");
        ConnectStub.Call code = stub.calls("POST", "/igapi/oauth/access_token").get(stub.calls("POST", "/igapi/oauth/access_token").size() - 1);
        assertThat(code.query()).containsEntry("grant_type", "authorization_code").containsEntry("client_secret", "ig-secret-abcdef");
        ConnectStub.Call sub = stub.calls("POST", "/iggraph/v21.0/me/subscribed_apps").get(stub.calls("POST", "/iggraph/v21.0/me/subscribed_apps").size() - 1);
        assertThat(sub.authorization()).startsWith("Bearer ig-long-ig-short-");
        assertThat(sub.query().get("subscribed_fields")).contains("messages");
    }

    @Test
    void xUsesPkceAndKeepsTheRefreshToken() {
        stub.xUser = "99900" + n;
        String url = authorize("x");
        Map<String, String> q = ConnectStub.query(url);
        assertThat(q).containsEntry("code_challenge_method", "S256").containsEntry("client_id", "x-client-id")
                .containsEntry("scope", "dm.read dm.write tweet.read users.read offline.access");
        // The stub accepts the code only with the verifier whose S256 challenge the authorize page saw.
        assertThat(land(grant(url))).containsEntry("outcome", "connected");
        JsonNode ch = channels().get(0);
        assertThat(ch.get("name").asText()).isEqualTo("@shop_on_x");
        assertThat(ch.get("external_id").asText()).isEqualTo(stub.xUser);
        // channels.x.webhook_id is set: the account was subscribed to Account Activity with its own token.
        List<ConnectStub.Call> subs = stub.calls("POST", "/xapi/2/account_activity/webhooks/" + X_WEBHOOK + "/subscriptions/all");
        assertThat(subs).isNotEmpty();
        assertThat(subs.get(subs.size() - 1).authorization()).isEqualTo("Bearer x-access-" + exchangedCode());
        JsonNode x = api.get(base + "/connect", owner.token()).expect(200).body().get("items").get(2);
        assertThat(x.get("network").asText()).isEqualTo("x");
        assertThat(x.get("manual_step").isNull()).isTrue();
    }

    /** The last code X's token endpoint exchanged. */
    private static String exchangedCode() {
        List<ConnectStub.Call> t = stub.calls("POST", "/xapi/2/oauth2/token");
        return t.get(t.size() - 1).query().get("code");
    }

    @Test
    void reconnectingKeepsTheSameChannelAndAnotherBusinessCannotTakeIt() {
        land(grant(authorize("messenger")));
        String id = channels().get(0).get("id").asText();
        api.delete(base + "/" + id, owner.token()).expect(204);
        assertThat(channels().get(0).get("state").asText()).isEqualTo("disconnected");
        assertThat(land(grant(authorize("messenger")))).containsEntry("outcome", "connected");
        assertThat(channels()).hasSize(1);
        assertThat(channels().get(0).get("id").asText()).isEqualTo(id);
        assertThat(channels().get(0).get("state").asText()).isEqualTo("connected");

        Person rival = api.signUp("cc_rival" + n);
        String rivalBiz = api.post("/api/v1/businesses", rival.token(), Map.of("handle", "cc_rival_shop" + n,
                "display_name", "Rival")).expect(201).body().at("/business/id").asText();
        String url = api.post("/api/v1/businesses/" + rivalBiz + "/channels/messenger/connect", rival.token(), Map.of())
                .expect(200).body().get("authorize_url").asText();
        assertThat(land(grant(url))).containsEntry("outcome", "channel_taken");
    }

    @Test
    void onlyManagersStartAFlowAndAnUnknownNetworkIsNotFound() {
        Person agent = api.signUp("cc_agent" + n);
        api.joinTeam(owner, business, agent, "agent");
        assertThat(api.post(base + "/messenger/connect", agent.token(), Map.of()).expect(403).code()).isEqualTo("not_a_manager");
        api.post(base + "/messenger/connect", api.signUp("cc_nobody" + n).token(), Map.of()).expect(404);
        api.post(base + "/myspace/connect", owner.token(), Map.of()).expect(404);
        JsonNode networks = api.get(base + "/connect", agent.token()).expect(200).body().get("items");
        assertThat(networks).hasSize(3).allSatisfy(x -> assertThat(x.get("configured").asBoolean()).isTrue());
    }

    @Test
    void noTokenCodeOrSecretReachesTheLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        try {
            land(grant(authorize("messenger")));
            land(grant(authorize("messenger")).replaceAll("code=[^&]+", "code=stolen-code"));
            land(grant(authorize("x")));
        } finally {
            root.detachAppender(lines);
        }
        List<String> all = lines.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
        assertThat(all).anySatisfy(l -> assertThat(l).contains("code_exchange"));
        assertThat(String.join("\n", all)).doesNotContain("page-token").doesNotContain("user-short")
                .doesNotContain("x-access").doesNotContain("x-refresh").doesNotContain("stolen-code")
                .doesNotContain("test-app-secret").doesNotContain("x-client-secret");
    }

    @Test
    void aNetworkTheOperatorDidNotSetUpSaysWhatToConfigure() {
        try (TestNode bare = TestNode.start(Map.of())) {
            Person o = bare.api.signUp("cc_bare");
            String b = bare.api.post("/api/v1/businesses", o.token(), Map.of("handle", "cc_bare_shop", "display_name",
                    "Bare")).expect(201).body().at("/business/id").asText();
            Api.Res r = bare.api.post("/api/v1/businesses/" + b + "/channels/instagram/connect", o.token(), Map.of())
                    .expect(409);
            assertThat(r.code()).isEqualTo("channel_not_configured");
            assertThat(r.body().get("detail").asText()).contains("channels.instagram.app_id");
            JsonNode networks = bare.api.get("/api/v1/businesses/" + b + "/channels/connect", o.token()).expect(200)
                    .body().get("items");
            assertThat(networks).allSatisfy(x -> assertThat(x.get("configured").asBoolean()).isFalse());
            assertThat(networks.toString()).contains("channels.x.client_id");
        }
    }
}
