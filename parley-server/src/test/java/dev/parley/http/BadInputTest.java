package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client's mistake gets a clear problem+json answer with a stable code, never a 500, and writes nothing. */
class BadInputTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static Person ann;
    static Person bob;
    static String dm;

    @BeforeAll
    static void start() {
        ann = api.signUp("ann");
        bob = api.signUp("bob");
        api.follow(bob, ann);
        dm = api.open(ann, bob);
    }

    private static void assertProblem(Api.Res r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.body().get("title").asText()).isNotBlank();
        assertThat(r.body().get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
    }

    private static String messages() {
        return "/api/v1/conversations/" + dm + "/messages";
    }

    @Test
    void malformedBodies() {
        assertProblem(api.post(messages(), ann.token(), "{\"client_id\": \"x\", \"text\": "), 400, "validation_failed");
        assertProblem(api.post(messages(), ann.token(), "[1,2]"), 400, "validation_failed");
        assertProblem(api.post(messages(), ann.token(), ""), 400, "validation_failed");
        assertProblem(api.post(messages(), ann.token(), "null"), 400, "validation_failed");
    }

    /**
     * Found from outside: {@code [1]} sent to {@code POST …/agents} was "not valid JSON", though it is JSON,
     * of the wrong kind; the client then looked for a syntax error. Every route reads bodies alike.
     */
    @Test
    void jsonOfTheWrongKindIsNamedSoAndBrokenJsonIsNotValidJson() {
        String shop = api.post("/api/v1/businesses", ann.token(), Map.of("handle", "bad_input_shop",
                "display_name", "Bad Input Shop")).expect(201).body().at("/business/id").asText();
        for (String body : List.of("[1]", "\"not an object\"", "42", "true")) {
            for (Api.Res r : List.of(api.post("/api/v1/businesses/" + shop + "/agents", ann.token(), body),
                    api.post(messages(), ann.token(), body))) {
                assertProblem(r, 400, "validation_failed");
                assertThat(r.body().get("detail").asText()).as(body).isEqualTo("The body must be a JSON object.");
            }
        }
        for (String body : List.of("[1", "{\"account_id\": ", "{\"a\": NaN}")) {
            Api.Res r = api.post("/api/v1/businesses/" + shop + "/agents", ann.token(), body);
            assertProblem(r, 400, "validation_failed");
            assertThat(r.body().get("detail").asText()).as(body).isEqualTo("The body is not valid JSON.");
        }
    }

    @Test
    void trailingTextAfterTheJsonIsRefusedAndWritesNothing() {
        // The first value used to be taken and the rest ignored: this muted the conversation.
        assertProblem(api.patch("/api/v1/conversations/" + dm, ann.token(), "{\"muted\": true} x"), 400,
                "validation_failed");
        assertProblem(api.patch("/api/v1/conversations/" + dm, ann.token(), "{\"muted\": true}{}"), 400,
                "validation_failed");
        assertThat(api.get("/api/v1/conversations/" + dm, ann.token()).expect(200).body().get("muted").asBoolean())
                .isFalse();
    }

    @Test
    void jettysOwnRefusalsAreProblemsForEveryMethod() {
        // Jetty answers these before any route, and wrote its error body for GET and POST only:
        // a PUT, PATCH or DELETE got an empty 400 or 431.
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            assertProblem(api.call(method, "/api/v1/conversations/%FF%FE", ann.token(), null), 400, "validation_failed");
            assertProblem(api.call(method, "/api/v1/conversations/" + dm, "x".repeat(9000), null), 431, "headers_too_large");
        }
        // The two a client meets by sending too much have stable codes of their own (they were
        // http_414 and http_431, outside the documented list).
        assertProblem(api.get("/api/v1/conversations/" + "a".repeat(9000), ann.token()), 414, "uri_too_long");
    }

    @Test
    void wrongTypesNameTheField() {
        Api.Res r = api.post(messages(), ann.token(), Map.of("client_id", "t1", "text", 42));
        assertProblem(r, 400, "validation_failed");
        assertThat(r.body().get("detail").asText()).contains("text");
        Api.Res muted = api.patch("/api/v1/conversations/" + dm, ann.token(), Map.of("muted", "yes"));
        assertProblem(muted, 400, "validation_failed");
        assertThat(muted.body().get("detail").asText()).contains("muted");
        assertProblem(api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", bob.id())), 400, "validation_failed");
        assertProblem(api.post("/api/v1/conversations/" + dm + "/read", ann.token(), Map.of("seq", "one")), 400,
                "validation_failed");
    }

    @Test
    void aKnownRouteWithTheWrongMethodIs405AndAnUnknownOneIs404() {
        assertProblem(api.call("DELETE", "/api/v1/push/vapid-public-key", ann.token(), null), 405, "method_not_allowed");
        assertProblem(api.call("PATCH", messages(), ann.token(), Map.of()), 405, "method_not_allowed");
        assertProblem(api.get("/api/v1/no-such-thing", ann.token()), 404, "not_found");
    }

    @Test
    void headIsAnsweredAsGetWithoutItsBody() {
        // HEAD answered 200 text/plain for any GET route without running it, signed in or not.
        Api.Res head = api.call("HEAD", "/api/v1/me", ann.token(), null);
        Api.Res get = api.get("/api/v1/me", ann.token());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.contentType()).isEqualTo(get.contentType());
        assertThat(head.raw()).isEmpty();
        Api.Res anonymous = api.call("HEAD", "/api/v1/me", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(api.call("HEAD", "/api/v1/no-such-thing", ann.token(), null).status()).isEqualTo(404);
    }

    @Test
    void missingFields() {
        assertProblem(api.post(messages(), ann.token(), Map.of("text", "no client id")), 422, "validation_failed");
        assertProblem(api.post(messages(), ann.token(), Map.of("client_id", "m1")), 422, "validation_failed");
        assertProblem(api.post("/api/v1/conversations", ann.token(), Map.of()), 422, "validation_failed");
        assertProblem(api.post("/api/v1/conversations/" + dm + "/read", ann.token(), Map.of()), 422, "validation_failed");
    }

    @Test
    void messageLengthIsCountedInCharactersNotBytes() {
        String max = "é".repeat(10_000);
        assertThat(api.post(messages(), ann.token(), Map.of("client_id", "long-ok", "text", max)).status()).isEqualTo(201);
        Api.Res tooLong = api.post(messages(), ann.token(), Map.of("client_id", "long-no", "text", "x".repeat(10_001)));
        assertProblem(tooLong, 422, "validation_failed");
        assertThat(tooLong.body().get("detail").asText()).contains("10000");
        // A 65 KiB body of text is refused as too long, and nothing is stored.
        Api.Res big = api.post(messages(), ann.token(), Map.of("client_id", "big", "text", "y".repeat(65 * 1024)));
        assertProblem(big, 422, "validation_failed");
        assertThat(api.get(messages(), ann.token()).body().get("items")).hasSize(1);
        assertProblem(api.post(messages(), ann.token(), Map.of("client_id", "c".repeat(65), "text", "hi")), 422,
                "validation_failed");
    }

    @Test
    void bodiesOverTheLimitAre413() {
        // Every time, and for bodies far over the limit: a node that answered without reading the
        // rest closed on unread data, the connection was reset, and a client still writing its
        // body got no answer at all ("header parser received no bytes") instead of the 413.
        for (int kib : new int[] {300, 1024, 4096}) {
            String huge = "{\"client_id\":\"h\",\"text\":\"" + "z".repeat(kib * 1024) + "\"}";
            for (int i = 0; i < 5; i++) {
                assertProblem(api.post(messages(), ann.token(), huge), 413, "payload_too_large");
            }
        }
    }

    @Test
    void unknownIdsAre404() {
        assertProblem(api.get("/api/v1/conversations/c-nope", ann.token()), 404, "not_found");
        assertProblem(api.get("/api/v1/messages/m-nope.1", ann.token()), 404, "not_found");
        assertProblem(api.get("/api/v1/messages/garbage", ann.token()), 404, "not_found");
        assertProblem(api.get("/api/v1/accounts/a-nope", ann.token()), 404, "not_found");
        assertProblem(api.get("/api/v1/accounts/nobody_at_all", ann.token()), 404, "not_found");
        assertProblem(api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", List.of("a-nope"))), 404,
                "not_found");
        assertProblem(api.get("/api/v1/no/such/route", ann.token()), 404, "not_found");
    }

    @Test
    void badAndExpiredTokensAre401() {
        assertProblem(api.get("/api/v1/me", "nonsense"), 401, "unauthorized");
        assertProblem(api.get("/api/v1/me", null), 401, "unauthorized");
        String token = api.post("/api/v1/sessions", null, Map.of("handle", "bob", "password", "correct horse battery"))
                .body().get("token").asText();
        api.delete("/api/v1/sessions/current", token).expect(204);
        assertProblem(api.get("/api/v1/conversations", token), 401, "unauthorized");
    }

    @Test
    void badQueryParameters() {
        assertProblem(api.get("/api/v1/conversations?limit=0", ann.token()), 400, "validation_failed");
        assertProblem(api.get("/api/v1/conversations?limit=201", ann.token()), 400, "validation_failed");
        assertProblem(api.get("/api/v1/conversations?limit=many", ann.token()), 400, "validation_failed");
        // A number too big to hold is out of range, not "not a whole number".
        Api.Res huge = api.get("/api/v1/conversations?limit=99999999999999999999", ann.token());
        assertProblem(huge, 400, "validation_failed");
        assertThat(huge.body().get("detail").asText()).isEqualTo("'limit' must be between 1 and 200.");
        assertThat(api.get("/api/v1/conversations?limit=many", ann.token()).body().get("detail").asText())
                .isEqualTo("'limit' must be a whole number.");
        assertProblem(api.get("/api/v1/conversations?folder=trash", ann.token()), 400, "validation_failed");
        assertProblem(api.get("/api/v1/conversations?cursor=not-a-cursor", ann.token()), 400, "validation_failed");
        assertProblem(api.get(messages() + "?before=-1", ann.token()), 400, "validation_failed");
        assertProblem(api.get(messages() + "?before=1&after=2", ann.token()), 400, "validation_failed");
    }

    @Test
    void rateLimitsAnswer429WithRetryAfter() {
        try (TestNode limited = TestNode.start(Map.of("rate_limits", "on", "rate.sends_per_minute", "3",
                "rate.new_conversations_per_hour", "1"))) {
            Api a = limited.api;
            Person x = a.signUp("xena");
            Person y = a.signUp("yuri");
            Person z = a.signUp("zoe");
            a.follow(y, x);
            a.follow(z, x);
            String c = a.open(x, y);
            Api.Res second = a.post("/api/v1/conversations", x.token(), Map.of("member_ids", List.of(z.id())));
            assertProblem(second, 429, "rate_limited");
            for (int i = 0; i < 3; i++) {
                a.send(x, c, "msg " + i).expect(201);
            }
            Api.Res over = a.send(x, c, "one too many");
            assertProblem(over, 429, "rate_limited");
            assertThat(Integer.parseInt(over.http().headers().firstValue("Retry-After").orElseThrow())).isPositive();
            assertThat(a.get("/api/v1/conversations/" + c + "/messages", y.token()).body().get("items")).hasSize(3);
        }
    }
}
