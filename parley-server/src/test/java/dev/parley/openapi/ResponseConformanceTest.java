package dev.parley.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real responses, successes and refusals alike, checked against what the document promises for
 * their operation and status: the status must be listed, the content type must match and the
 * body must fit the schema with no undocumented field. WebSocket frames are checked against
 * ServerFrame the same way.
 */
class ResponseConformanceTest {
    private static final String PW = "correct horse battery";
    private static final AtomicInteger SEQ = new AtomicInteger();
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("rules.group_max_members", "3", "automation.allow_private_webhooks", "on"));
    static final Api api = NODE.api();
    static Contract contract;

    @BeforeAll
    static void start() {
        // A small group cap so group_full is reachable with four people.
        // Webhooks to 127.0.0.1 are allowed so bots can be registered without a public address.
        contract = Contract.fetch(NODE.node());
    }

    private static Api.Res c(String method, String path, Api.Res res) {
        return contract.conforms(method, path, res);
    }

    private static Person person(String name) {
        return api.signUp(name + "_" + SEQ.incrementAndGet());
    }

    @Test
    void accountsSessionsAndGraph() {
        Api.Res up = c("POST", "/api/v1/accounts", api.post("/api/v1/accounts", null,
                Map.of("handle", "conf_ann", "password", PW, "display_name", "Ann")));
        String token = up.body().get("token").asText();
        c("POST", "/api/v1/accounts", api.post("/api/v1/accounts", null, "{nope")).expect(400);
        c("POST", "/api/v1/accounts", api.post("/api/v1/accounts", null,
                Map.of("handle", "x", "password", PW, "display_name", "X"))).expect(422);
        c("POST", "/api/v1/sessions", api.post("/api/v1/sessions", null, Map.of("handle", "CONF_ANN", "password", PW))).expect(201);
        c("POST", "/api/v1/sessions", api.post("/api/v1/sessions", null, Map.of("handle", "conf_ann", "password", "wrong password!"))).expect(401);
        c("GET", "/api/v1/me", api.get("/api/v1/me", token)).expect(200);
        Api.Res patched = c("PATCH", "/api/v1/me", api.patch("/api/v1/me", token, Map.of("preferred_name", "Annie",
                "settings", Map.of("dm_policy", "everyone", "hidden_words", List.of("spam")))));
        assertThat(patched.body().get("preferred_name").asText()).isEqualTo("Annie");
        c("PATCH", "/api/v1/me", api.patch("/api/v1/me", token, Map.of("settings", Map.of("dm_policy", "friends")))).expect(422);

        Person ben = person("ben");
        String annId = up.body().at("/account/id").asText();
        c("GET", "/api/v1/accounts/{account}", api.get("/api/v1/accounts/@conf_ann", ben.token())).expect(200);
        c("GET", "/api/v1/accounts/{account}", api.get("/api/v1/accounts/nobody_here", ben.token())).expect(404);
        c("PUT", "/api/v1/accounts/{account}/follow", api.put("/api/v1/accounts/" + annId + "/follow", ben.token())).expect(200);
        c("DELETE", "/api/v1/accounts/{account}/follow", api.delete("/api/v1/accounts/" + annId + "/follow", ben.token())).expect(200);
        c("PUT", "/api/v1/accounts/{account}/like", api.put("/api/v1/accounts/" + annId + "/like", ben.token())).expect(422);
        c("GET", "/api/v1/accounts/{account}/dm-permission", api.get("/api/v1/accounts/" + annId + "/dm-permission", ben.token())).expect(200);
        c("PUT", "/api/v1/accounts/{account}/block", api.put("/api/v1/accounts/" + ben.id() + "/block", token)).expect(200);
        c("GET", "/api/v1/me/blocks", api.get("/api/v1/me/blocks", token)).expect(200);
        c("PUT", "/api/v1/accounts/{account}/follow", api.put("/api/v1/accounts/" + ben.id() + "/follow", token)).expect(403);
        c("DELETE", "/api/v1/accounts/{account}/block", api.delete("/api/v1/accounts/" + ben.id() + "/block", token)).expect(200);
        c("GET", "/api/v1/rules", api.get("/api/v1/rules", null)).expect(200);
        c("GET", "/healthz", api.get("/healthz", null)).expect(200);
        c("GET", "/readyz", api.get("/readyz", null)).expect(200);
        c("DELETE", "/api/v1/sessions/current", api.delete("/api/v1/sessions/current", token)).expect(204);
        c("GET", "/api/v1/me", api.get("/api/v1/me", token)).expect(401);
    }

    @Test
    void directConversationAndMessages() {
        Person ann = person("ann");
        Person ben = person("ben");
        api.setDmPolicy(ben, "everyone");
        String open = "/api/v1/conversations";
        Api.Res created = c("POST", open, api.post(open, ann.token(), Map.of("member_ids", List.of(ben.id())))).expect(201);
        c("POST", open, api.post(open, ann.token(), Map.of("member_ids", List.of(ben.id())))).expect(200);
        c("POST", open, api.post(open, ann.token(), Map.of("member_ids", List.of()))).expect(422);
        String id = created.body().get("id").asText();
        String messages = "/api/v1/conversations/" + id + "/messages";
        String tpl = "/api/v1/conversations/{id}/messages";
        Map<String, String> body = Map.of("client_id", "conf-1", "text", "hello ben");
        Api.Res sent = c("POST", tpl, api.post(messages, ann.token(), body)).expect(201);
        c("POST", tpl, api.post(messages, ann.token(), body)).expect(200);
        c("POST", tpl, api.post(messages, ann.token(), Map.of("client_id", "conf-1", "text", "other"))).expect(409);
        c("POST", tpl, api.post(messages, ann.token(), Map.of("client_id", "conf-2", "text", "x".repeat(10_001)))).expect(422);
        c("POST", tpl, api.post(messages, ann.token(), Map.of("client_id", "conf-3", "text", "x".repeat(300_000)))).expect(413);
        c("POST", tpl, api.post(messages, ann.token(), Map.of("client_id", 7, "text", "typed"))).expect(400);
        String mid = sent.body().get("id").asText();

        c("GET", tpl, api.get(messages + "?limit=10", ben.token())).expect(200);
        c("GET", tpl, api.get(messages + "?before=1&after=1", ben.token())).expect(400);
        c("GET", "/api/v1/messages/{id}", api.get("/api/v1/messages/" + mid, ben.token())).expect(200);
        Api.Res reacted = c("PUT", "/api/v1/messages/{id}/reactions/{emoji}",
                api.put("/api/v1/messages/" + mid + "/reactions/%F0%9F%91%8D", ben.token())).expect(200);
        assertThat(reacted.body().at("/reactions/\uD83D\uDC4D/mine").asBoolean()).isTrue();
        c("DELETE", "/api/v1/messages/{id}/reactions/{emoji}",
                api.delete("/api/v1/messages/" + mid + "/reactions/%F0%9F%91%8D", ben.token())).expect(200);
        c("PATCH", "/api/v1/messages/{id}", api.patch("/api/v1/messages/" + mid, ann.token(), Map.of("text", "hello, Ben"))).expect(200);
        c("PATCH", "/api/v1/messages/{id}", api.patch("/api/v1/messages/" + mid, ben.token(), Map.of("text", "mine now"))).expect(403);
        c("GET", "/api/v1/search/messages", api.get("/api/v1/search/messages?q=hel", ben.token())).expect(200);
        c("GET", "/api/v1/search/messages", api.get("/api/v1/search/messages?q=", ben.token())).expect(422);
        c("POST", "/api/v1/conversations/{id}/read", api.post("/api/v1/conversations/" + id + "/read", ben.token(), Map.of("seq", 1))).expect(200);
        c("POST", "/api/v1/conversations/{id}/read", api.post("/api/v1/conversations/" + id + "/read", ben.token(), Map.of())).expect(422);
        c("DELETE", "/api/v1/messages/{id}", api.delete("/api/v1/messages/" + mid, ann.token())).expect(200);
        c("PATCH", "/api/v1/messages/{id}", api.patch("/api/v1/messages/" + mid, ann.token(), Map.of("text", "back"))).expect(409);
        c("GET", "/api/v1/conversations", api.get("/api/v1/conversations", ben.token())).expect(200);
        c("GET", "/api/v1/conversations/{id}", api.get("/api/v1/conversations/" + id, ben.token())).expect(200);
        c("PATCH", "/api/v1/conversations/{id}", api.patch("/api/v1/conversations/" + id, ben.token(), Map.of("muted", true))).expect(200);
        c("PATCH", "/api/v1/conversations/{id}", api.patch("/api/v1/conversations/" + id, ben.token(), Map.of("title", "a DM"))).expect(422);

        Person eve = person("eve");
        c("GET", "/api/v1/conversations/{id}", api.get("/api/v1/conversations/" + id, eve.token())).expect(404);
        c("GET", "/api/v1/messages/{id}", api.get("/api/v1/messages/" + mid, eve.token())).expect(404);

        // The events all of that left in ben's log match the Event schema, type by type.
        Api.Res log = c("GET", "/api/v1/sync", api.get("/api/v1/sync?since=0", ben.token())).expect(200);
        assertThat(log.body().get("events").findValuesAsText("type")).contains("conversation.created",
                "message.created", "reaction.changed", "message.edited", "read.updated", "message.deleted",
                "conversation.updated");
    }

    @Test
    void groupsRequestsAndPolicyRefusals() {
        Person ann = person("ann");
        Person ben = person("ben");
        Person cat = person("cat");
        Person dan = person("dan");
        api.setDmPolicy(ben, "everyone");
        String open = "/api/v1/conversations";
        Api.Res group = c("POST", open, api.post(open, ann.token(),
                Map.of("member_ids", List.of(ben.id(), cat.id()), "title", "trio"))).expect(201);
        String gid = group.body().get("id").asText();
        c("POST", open, api.post(open, ann.token(), Map.of("member_ids", List.of(ben.id(), cat.id(), dan.id())))).expect(422);
        c("POST", "/api/v1/conversations/{id}/members", api.post("/api/v1/conversations/" + gid + "/members", ann.token(),
                Map.of("account_ids", List.of(dan.id())))).expect(422);
        c("PATCH", "/api/v1/conversations/{id}", api.patch("/api/v1/conversations/" + gid, ben.token(), Map.of("title", "quartet"))).expect(200);
        c("DELETE", "/api/v1/conversations/{id}/members/{account}",
                api.delete("/api/v1/conversations/" + gid + "/members/" + ann.id(), ben.token())).expect(403);
        c("DELETE", "/api/v1/conversations/{id}/members/{account}",
                api.delete("/api/v1/conversations/" + gid + "/members/" + ben.id(), ann.token())).expect(204);

        // cat takes DMs only from people she follows: ann's DM arrives as a request holding one message.
        String rid = api.open(ann, cat);
        api.send(ann, rid, "hi cat").expect(201);
        c("POST", "/api/v1/conversations/{id}/messages", api.send(ann, rid, "hello?")).expect(403);
        // The group is a request too, but shows only once it holds a message.
        assertThat(c("GET", "/api/v1/conversations", api.get("/api/v1/conversations?folder=requests", cat.token()))
                .body().get("items").findValuesAsText("id")).contains(rid).doesNotContain(gid);
        c("GET", "/api/v1/conversations", api.get("/api/v1/conversations?folder=archive", cat.token())).expect(400);
        c("POST", "/api/v1/conversations/{id}/accept", api.post("/api/v1/conversations/" + rid + "/accept", cat.token(), null)).expect(200);
        c("POST", "/api/v1/conversations/{id}/accept", api.post("/api/v1/conversations/" + rid + "/accept", cat.token(), null)).expect(409);
        c("POST", "/api/v1/conversations/{id}/decline", api.post("/api/v1/conversations/" + gid + "/decline", cat.token(), null)).expect(204);

        api.post("/api/v1/conversations/" + gid + "/members", ann.token(), Map.of("account_ids", List.of(dan.id()))).expect(200);
        Api.Res annLog = c("GET", "/api/v1/sync", api.get("/api/v1/sync?since=0", ann.token())).expect(200);
        assertThat(annLog.body().get("events").findValuesAsText("type")).contains("conversation.created",
                "conversation.updated", "member.removed", "member.added", "request.accepted", "message.created");
        Api.Res catLog = c("GET", "/api/v1/sync", api.get("/api/v1/sync?since=0", cat.token())).expect(200);
        assertThat(catLog.body().get("events").findValuesAsText("type")).contains("request.created", "request.declined");

        api.setDmPolicy(dan, "nobody");
        c("POST", open, api.post(open, ann.token(), Map.of("member_ids", List.of(dan.id())))).expect(403);
        api.put("/api/v1/accounts/" + ben.id() + "/block", ann.token()).expect(200);
        Api.Res blocked = c("POST", open, api.post(open, ann.token(), Map.of("member_ids", List.of(ben.id()))));
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.code()).isEqualTo("blocked");
        // The one blocked is told nothing: the blocker is not found.
        Api.Res hidden = c("POST", open, api.post(open, ben.token(), Map.of("member_ids", List.of(ann.id()))));
        assertThat(hidden.status()).isEqualTo(404);
    }

    @Test
    void actingForABusiness() {
        Person owner = person("owner");
        Person buyer = person("buyer");
        Person stranger = person("stranger");
        Api.Res made = c("POST", "/api/v1/businesses", api.post("/api/v1/businesses", owner.token(),
                Map.of("handle", "conf_shop", "display_name", "Conf Shop"))).expect(201);
        c("POST", "/api/v1/businesses", api.post("/api/v1/businesses", owner.token(),
                Map.of("handle", "conf_shop", "display_name", "Again"))).expect(409);
        String biz = made.body().at("/business/id").asText();
        String b = "/api/v1/businesses/" + biz;
        c("GET", "/api/v1/me/businesses", api.get("/api/v1/me/businesses", owner.token())).expect(200);

        Api.Res refused = c("POST", "/api/v1/conversations", api.post("/api/v1/conversations", buyer.token(),
                Map.of("member_ids", List.of(biz))));
        assertThat(refused.code()).isEqualTo("like_required");
        api.put("/api/v1/accounts/" + biz + "/like", buyer.token()).expect(200);
        String cid = api.open(buyer, new Person(biz, "conf_shop", null));
        api.send(buyer, cid, "do you ship abroad?").expect(201);

        c("GET", "/api/v1/businesses/{business}/conversations", api.get(b + "/conversations", owner.token())).expect(200);
        c("GET", "/api/v1/businesses/{business}/conversations", api.get(b + "/conversations", stranger.token())).expect(404);
        c("GET", "/api/v1/businesses/{business}/conversations/{id}", api.get(b + "/conversations/" + cid, owner.token())).expect(200);
        Api.Res reply = c("POST", "/api/v1/businesses/{business}/conversations/{id}/messages", api.post(
                b + "/conversations/" + cid + "/messages", owner.token(), Map.of("client_id", "r-1", "text", "We do!"))).expect(201);
        assertThat(reply.body().get("sender_id").asText()).isEqualTo(biz);
        c("GET", "/api/v1/businesses/{business}/conversations/{id}/messages",
                api.get(b + "/conversations/" + cid + "/messages", owner.token())).expect(200);
        c("POST", "/api/v1/businesses/{business}/conversations/{id}/read",
                api.post(b + "/conversations/" + cid + "/read", owner.token(), Map.of("seq", 2))).expect(200);
        c("GET", "/api/v1/businesses/{business}/sync", api.get(b + "/sync?since=0", owner.token())).expect(200);
        c("GET", "/api/v1/businesses/{business}/search/messages", api.get(b + "/search/messages?q=ship", owner.token())).expect(200);
        c("PUT", "/api/v1/businesses/{business}/accounts/{account}/follow",
                api.put(b + "/accounts/" + buyer.id() + "/follow", owner.token())).expect(200);
        Api.Res outreach = c("POST", "/api/v1/businesses/{business}/conversations", api.post(b + "/conversations", owner.token(),
                Map.of("member_ids", List.of(stranger.id()), "client_id", "o-1", "text", "Welcome!"))).expect(201);
        assertThat(outreach.body().at("/message/text").asText()).isEqualTo("Welcome!");
        c("POST", "/api/v1/businesses/{business}/conversations", api.post(b + "/conversations", owner.token(),
                Map.of("member_ids", List.of(stranger.id(), buyer.id()), "client_id", "o-2", "text", "Hi both"))).expect(422);

        c("GET", "/api/v1/businesses/{business}/metrics", api.get(b + "/metrics", owner.token())).expect(200);
        c("GET", "/api/v1/businesses/{business}/metrics", api.get(b + "/metrics?from=2026-11-30&to=2026-12-06",
                owner.token())).expect(200);
        c("GET", "/api/v1/businesses/{business}/metrics", api.get(b + "/metrics?from=soon", owner.token())).expect(400);
        c("GET", "/api/v1/businesses/{business}/metrics", api.get(b + "/metrics", stranger.token())).expect(404);
        c("GET", "/api/v1/businesses/{business}/metrics/export", api.get(b + "/metrics/export", owner.token())).expect(200);
    }

    @Test
    void businessRulesConsentAndDryRuns() {
        Person owner = person("owner");
        Person buyer = person("buyer");
        Person other = person("other");
        String biz = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "conf_rules", "display_name", "Rules Co"))
                .expect(201).body().at("/business/id").asText();
        String b = "/api/v1/businesses/" + biz;
        api.put("/api/v1/accounts/" + biz + "/like", buyer.token()).expect(200);
        String cid = api.open(buyer, new Person(biz, "conf_rules", null));
        api.send(buyer, cid, "is the blue one in stock?").expect(201);

        String promo = "Use code SAVE20 for 20% off, today only!";
        Api.Res refused = c("POST", "/api/v1/businesses/{business}/conversations/{id}/messages", api.post(
                b + "/conversations/" + cid + "/messages", owner.token(), Map.of("client_id", "p-1", "text", promo)));
        assertThat(refused.code()).isEqualTo("promotional_content");
        assertThat(refused.body().get("reasons")).isNotEmpty();
        Api.Res check = c("POST", "/api/v1/businesses/{business}/conversations/{id}/messages/check", api.post(
                b + "/conversations/" + cid + "/messages/check", owner.token(), Map.of("text", promo))).expect(200);
        assertThat(check.body().get("allowed").asBoolean()).isFalse();
        c("POST", "/api/v1/businesses/{business}/conversations/{id}/messages/check", api.post(
                b + "/conversations/" + cid + "/messages/check", owner.token(), Map.of("text", ""))).expect(422);

        String sub = "/api/v1/accounts/" + biz + "/subscription";
        String subTpl = "/api/v1/accounts/{account}/subscription";
        assertThat(c("GET", subTpl, api.get(sub, buyer.token())).expect(200).body().get("subscribed").asBoolean()).isFalse();
        c("PUT", subTpl, api.call("PUT", sub, buyer.token(), Map.of("method", "web"))).expect(200);
        c("PUT", subTpl, api.call("PUT", sub, buyer.token(), Map.of("method", "carrier pigeon"))).expect(422);
        c("GET", subTpl, api.get("/api/v1/accounts/" + owner.id() + "/subscription", buyer.token())).expect(422);
        c("GET", "/api/v1/businesses/{business}/consents", api.get(b + "/consents", owner.token())).expect(200);
        c("POST", "/api/v1/businesses/{business}/conversations/{id}/messages", api.post(
                b + "/conversations/" + cid + "/messages", owner.token(), Map.of("client_id", "p-2", "text", promo))).expect(201);
        c("DELETE", subTpl, api.delete(sub, buyer.token())).expect(200);
        Api.Res ledger = c("GET", "/api/v1/businesses/{business}/consents", api.get(b + "/consents", owner.token()));
        assertThat(ledger.body().at("/items/0/withdrawn_at").isNull()).isFalse();

        c("POST", "/api/v1/businesses/{business}/outreach/check", api.post(b + "/outreach/check", owner.token(),
                Map.of("member_ids", List.of(other.id()), "text", "Your repair is done."))).expect(200);
        c("POST", "/api/v1/businesses/{business}/outreach/check", api.post(b + "/outreach/check", owner.token(),
                Map.of("member_ids", List.of(), "text", "Hello"))).expect(422);
    }

    @Test
    void botsRegisteredListedLoggedAndRemoved() throws InterruptedException {
        Person owner = person("owner");
        Person buyer = person("buyer");
        String biz = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "conf_bots", "display_name", "Bots Co"))
                .expect(201).body().at("/business/id").asText();
        String b = "/api/v1/businesses/" + biz;
        // Nothing listens on port 9: deliveries fail and wait for a retry, which the log shows.
        Api.Res reg = c("POST", "/api/v1/businesses/{business}/bots", api.post(b + "/bots", owner.token(),
                Map.of("name", "helper", "url", "http://127.0.0.1:9/hook"))).expect(201);
        c("POST", "/api/v1/businesses/{business}/bots", api.post(b + "/bots", owner.token(), Map.of("name", "", "url", "x")))
                .expect(422);
        String bot = reg.body().at("/bot/id").asText();
        c("GET", "/api/v1/businesses/{business}/bots", api.get(b + "/bots", owner.token())).expect(200);
        c("GET", "/api/v1/businesses/{business}/bots", api.get(b + "/bots", buyer.token())).expect(404);

        api.put("/api/v1/accounts/" + biz + "/like", buyer.token()).expect(200);
        api.send(buyer, api.open(buyer, new Person(biz, "conf_bots", null)), "hello bots").expect(201);
        String log = b + "/bots/" + bot + "/deliveries";
        // The dispatcher works in the background; its first attempt comes soon.
        Api.Res attempts = Eventually.await("a delivery attempt is logged", Duration.ofSeconds(15),
                () -> api.get(log, owner.token()), r -> !r.body().get("items").isEmpty());
        assertThat(c("GET", "/api/v1/businesses/{business}/bots/{bot}/deliveries", attempts).expect(200)
                .body().get("items")).as("a failed first attempt is logged").isNotEmpty();
        c("DELETE", "/api/v1/businesses/{business}/bots/{bot}", api.delete(b + "/bots/" + bot, owner.token())).expect(204);
        c("GET", "/api/v1/businesses/{business}/bots/{bot}/deliveries", api.get(log, owner.token())).expect(404);
    }

    @Test
    void syncTicketsAndStreamFrames() throws Exception {
        Person ann = person("ann");
        Person ben = person("ben");
        api.setDmPolicy(ben, "everyone");
        Api.Res now = c("GET", "/api/v1/sync", api.get("/api/v1/sync", ann.token())).expect(200);
        c("GET", "/api/v1/sync", api.get("/api/v1/sync?since=999", ann.token())).expect(410);
        c("GET", "/api/v1/sync", api.get("/api/v1/sync?since=0&limit=0", ann.token())).expect(400);
        c("POST", "/api/v1/stream/tickets", api.post("/api/v1/stream/tickets", ann.token(), null)).expect(201);

        String cid = api.open(ann, ben);
        try (Socket annSocket = Socket.open(NODE.node(), ann.token(), "since=" + now.body().get("next").asText())) {
            // The replayed event proves ann's socket is registered before ben connects: a socket
            // still being registered misses a contact's presence (reported to the lead).
            contract.conforms("ServerFrame", annSocket.awaitEvent("conversation.created"));
            // From ben's current token, so an event committed while his socket registers is replayed.
            String benNow = api.get("/api/v1/sync", ben.token()).expect(200).body().get("next").asText();
            try (Socket benSocket = Socket.open(NODE.node(), ben.token(), "since=" + benNow)) {
                JsonNode presence = annSocket.await(f -> "presence".equals(f.path("type").asText()));
                contract.conforms("ServerFrame", presence);

                String send = "{\"type\":\"send\",\"conversation_id\":\"" + cid + "\",\"client_id\":\"ws-1\",\"text\":\"over the socket\"}";
                contract.conforms("ClientFrame", Api.JSON.readTree(send));
                annSocket.send(send);
                contract.conforms("ServerFrame", annSocket.await(f -> "sent".equals(f.path("type").asText())));
                JsonNode created = benSocket.awaitEvent("message.created");
                contract.conforms("ServerFrame", created);

                String typing = "{\"type\":\"typing\",\"conversation_id\":\"" + cid + "\"}";
                contract.conforms("ClientFrame", Api.JSON.readTree(typing));
                benSocket.send(typing);
                contract.conforms("ServerFrame", annSocket.await(f -> "typing".equals(f.path("type").asText())));

                String read = "{\"type\":\"read\",\"conversation_id\":\"" + cid + "\",\"seq\":1}";
                contract.conforms("ClientFrame", Api.JSON.readTree(read));
                benSocket.send(read);
                contract.conforms("ServerFrame", annSocket.awaitEvent("read.updated"));

                annSocket.send("{\"type\":\"send\",\"conversation_id\":\"" + cid + "\",\"client_id\":\"ws-2\",\"text\":\"  \"}");
                JsonNode error = annSocket.await(f -> "error".equals(f.path("type").asText()));
                contract.conforms("ServerFrame", error);
                assertThat(error.get("client_id").asText()).isEqualTo("ws-2");
            }
        }
        // Every kind of event the scenario produced, through sync, matches the document.
        Api.Res all = c("GET", "/api/v1/sync", api.get("/api/v1/sync?since=0", ben.token())).expect(200);
        assertThat(all.body().get("events").findValuesAsText("type"))
                .contains("conversation.created", "message.created", "read.updated");
    }

    @Test
    void rateLimitedSendsAnswer429WithRetryAfter() {
        try (TestNode limited = TestNode.start(Map.of("rate_limits", "on", "rate.sends_per_minute", "1"))) {
            Contract lc = Contract.fetch(limited);
            Person ann = limited.api.signUp("rl_ann");
            Person ben = limited.api.signUp("rl_ben");
            limited.api.setDmPolicy(ben, "everyone");
            String cid = limited.api.open(ann, ben);
            limited.api.send(ann, cid, "one").expect(201);
            Api.Res slow = lc.conforms("POST", "/api/v1/conversations/{id}/messages", limited.api.send(ann, cid, "two"));
            assertThat(slow.status()).isEqualTo(429);
            assertThat(slow.code()).isEqualTo("rate_limited");
            assertThat(slow.http().headers().firstValue("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        }
    }

    @Test
    void throttledSignInsAndRefusedPasswordsAnswerAsDocumented() {
        Person ann = person("thr_ann");
        for (int i = 0; i < 5; i++) {
            c("POST", "/api/v1/sessions", api.post("/api/v1/sessions", null,
                    Map.of("handle", ann.handle(), "password", "wrong password " + i))).expect(401);
        }
        Api.Res locked = c("POST", "/api/v1/sessions", api.post("/api/v1/sessions", null,
                Map.of("handle", ann.handle(), "password", PW))).expect(429);
        assertThat(locked.code()).isEqualTo("too_many_sign_in_attempts");
        Api.Res common = c("POST", "/api/v1/accounts", api.post("/api/v1/accounts", null,
                Map.of("handle", "thr_bob", "password", "password1234", "display_name", "Bob"))).expect(422);
        assertThat(common.code()).isEqualTo("password_too_common");
    }

    /** The document's own examples must be true to its schemas, or they teach clients the wrong shape. */
    @Test
    void everyExampleInTheDocumentMatchesItsSchema() {
        int checked = 0;
        for (ApiResponse r : contract.doc.getComponents().getResponses().values()) {
            if (r.getContent() == null) {
                continue;
            }
            for (MediaType m : r.getContent().values()) {
                if (m.getExample() != null) {
                    assertThat(contract.schemas.problems(m.getSchema(), Api.JSON.valueToTree(m.getExample()))).isEmpty();
                    checked++;
                }
                if (m.getExamples() != null) {
                    for (Example e : m.getExamples().values()) {
                        assertThat(contract.schemas.problems(m.getSchema(), Api.JSON.valueToTree(e.getValue()))).isEmpty();
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void webPushDevices() {
        Person ann = person("push");
        c("GET", "/api/v1/push/vapid-public-key", api.get("/api/v1/push/vapid-public-key", null)).expect(200);
        try (dev.parley.push.PushService push = new dev.parley.push.PushService()) {
            Map<String, Object> registration = push.subscribe().registration();
            String id = c("POST", "/api/v1/me/devices", api.post("/api/v1/me/devices", ann.token(), registration))
                    .expect(201).body().get("id").asText();
            c("POST", "/api/v1/me/devices", api.post("/api/v1/me/devices", ann.token(), registration)).expect(200);
            c("POST", "/api/v1/me/devices", api.post("/api/v1/me/devices", ann.token(),
                    Map.of("kind", "apns", "token", "0123456789abcdef"))).expect(422);
            c("POST", "/api/v1/me/devices", api.post("/api/v1/me/devices", ann.token(), "{nope")).expect(400);
            c("GET", "/api/v1/me/devices", api.get("/api/v1/me/devices", ann.token())).expect(200);
            c("DELETE", "/api/v1/me/devices/{device}", api.delete("/api/v1/me/devices/" + id, ann.token())).expect(204);
            c("DELETE", "/api/v1/me/devices/{device}", api.delete("/api/v1/me/devices/" + id, ann.token())).expect(404);
        }
    }
}
