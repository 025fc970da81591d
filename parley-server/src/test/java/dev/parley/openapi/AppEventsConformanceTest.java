package dev.parley.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The app events feed, its settings and the app webhook answer what the document promises. */
class AppEventsConformanceTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("outbound.allow_private_addresses", "on"));
    static final Api api = NODE.api();

    @Test
    void feedSettingsAndWebhookConform() {
        Contract contract = Contract.fetch(NODE.node());
        Api.Person root = api.signUp("conf_keeper");
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "conf_app")).expect(201)
                .body().get("secret").asText();
        api.call("GET", "/api/v1/app/events", secret, null).expect(200); // the app listens: messages are recorded
        api.call("PUT", "/api/v1/app/users/ann", secret, Map.of("display_name", "Ann")).expect(201);
        api.call("PUT", "/api/v1/app/users/bob", secret, Map.of("display_name", "Bob")).expect(201);
        api.call("PUT", "/api/v1/app/graph/follows", secret,
                Map.of("edges", List.of(Map.of("from", "bob", "to", "ann")))).expect(200);
        String bob = api.call("GET", "/api/v1/app/users/bob", secret, null).body().get("id").asText();
        String c = api.call("POST", "/api/v1/conversations", secret, Map.of("member_ids", List.of(bob)),
                Map.of("X-Parley-User", "ann")).body().get("id").asText();
        api.call("POST", "/api/v1/conversations/" + c + "/messages", secret, Map.of("client_id", "c1", "text", "hi"),
                Map.of("X-Parley-User", "ann")).expect(201);

        String events = "/api/v1/app/events";
        Api.Res page = contract.conforms("GET", events, api.call("GET", events, secret, null)).expect(200);
        assertThat(page.body().get("items")).hasSizeGreaterThanOrEqualTo(2);
        contract.conforms("GET", events, api.call("GET", events + "?after=x", secret, null)).expect(400);
        contract.conforms("GET", events, api.call("GET", events, root.token(), null)).expect(401);
        String settings = "/api/v1/app/events/settings";
        contract.conforms("PUT", settings, api.call("PUT", settings, secret, Map.of("include_text", true))).expect(200);
        contract.conforms("PUT", settings, api.call("PUT", settings, secret, Map.of())).expect(422);
        contract.conforms("GET", settings, api.call("GET", settings, secret, null)).expect(200);

        String hook = "/api/v1/app/webhook";
        contract.conforms("GET", hook, api.call("GET", hook, secret, null)).expect(404);
        Map<String, Object> body = Map.of("url", "http://127.0.0.1:9/hook", "secret", "0123456789abcdef",
                "types", List.of("message.created"));
        contract.conforms("PUT", hook, api.call("PUT", hook, secret, body)).expect(201);
        contract.conforms("PUT", hook, api.call("PUT", hook, secret, body)).expect(200);
        contract.conforms("PUT", hook, api.call("PUT", hook, secret, Map.of("url", "http://127.0.0.1:9/hook"))).expect(422);
        contract.conforms("GET", hook, api.call("GET", hook, secret, null)).expect(200);
        contract.conforms("DELETE", hook, api.call("DELETE", hook, secret, null)).expect(204);
    }
}
