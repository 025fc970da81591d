package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.parley.account.JdbcAccountStore;
import dev.parley.automation.WebhookSignature;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Res;
import dev.parley.testing.Eventually;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 end to end, played by a small host app with its own users, follow graph, signing keys
 * (served as a JWKS on 127.0.0.1, rotated mid-test) and webhook receiver: everything it does goes
 * through Parley's public HTTP and WebSocket API, across a restart of the node.
 */
class HostAppFlowTest {
    private static final String ISSUER = "https://host.example";
    private static final String HOOK_SECRET = "whsec_hostapp_0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration DELAY = Duration.ofSeconds(30);

    /** The node's clock: real time, moved ahead by hand so a notification falls due when the test says. */
    static final class AheadClock extends Clock {
        final AtomicLong aheadMillis = new AtomicLong();

        void jump(Duration d) {
            aheadMillis.addAndGet(d.toMillis());
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(aheadMillis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The host app's webhook endpoint: answers 500 while it has failures left, records every call. */
    static final class Hook implements AutoCloseable {
        record Call(String txn, String body, int answered) {}

        final HttpServer server;
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft = new AtomicInteger(2);
        final AtomicInteger badSignatures = new AtomicInteger();

        Hook() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/parley", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (!WebhookSignature.verify(HOOK_SECRET, ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                        body, ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), Instant.now())) {
                    badSignatures.incrementAndGet();
                }
                int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
                calls.add(new Call(ex.getRequestHeaders().getFirst("X-Parley-Txn-Id"), body, status));
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/parley";
        }

        /** The events the app took (answered 200), each transaction once: what its backend acted on. */
        List<JsonNode> taken() {
            Map<String, JsonNode> byTxn = new LinkedHashMap<>();
            for (Call c : calls) {
                if (c.answered() == 200) {
                    byTxn.putIfAbsent(c.txn(), read(c.body()));
                }
            }
            List<JsonNode> events = new ArrayList<>();
            byTxn.values().forEach(t -> t.get("events").forEach(events::add));
            return events;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The host app's key server: a JWKS it can change at any time. */
    static final class Keys implements AutoCloseable {
        final HttpServer server;
        final AtomicReference<String> jwks = new AtomicReference<>();

        Keys(RSAKey first) throws IOException {
            jwks.set(new JWKSet(first.toPublicJWK()).toString());
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/.well-known/jwks.json", ex -> {
                byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private TestNode node;
    private String secret;

    @Test
    void aHostAppRunsItsUsersGraphSignInNotificationsAndWebhookOnParley() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("host-2026-a").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("host-2026-b").generate();
        AheadClock clock = new AheadClock();
        try (Keys keys = new Keys(first); Hook hook = new Hook()) {
            node = TestNode.start(Map.of("auth.jwt_issuer", ISSUER, "auth.jwt_audience", "parley",
                    "auth.jwt_jwks_url", keys.url(), "outbound.allow_private_addresses", "on",
                    "notify.delay", "30s", "app.webhook_retry_base", "200ms", "app.webhook_retry_max", "1s"),
                    clock, List.of());
            try {
                secret = appSecret();
                app("PUT", "/api/v1/app/webhook", Map.of("url", hook.url(), "secret", HOOK_SECRET)).expect(201);
                provisionUsersAndGraph();

                // Sign-in by the app's JWT, on REST and on the stream; an id the app never provisioned is refused.
                String maya = jwt(first, "maya");
                assertThat(node.api.get("/api/v1/me", maya).expect(200).body().get("display_name").asText())
                        .isEqualTo("Maya Lin");
                assertThat(node.api.get("/api/v1/me", jwt(first, "ghost")).status()).isEqualTo(401);
                String direct;
                try (Socket noorsPhone = Socket.open(node, jwt(first, "noor"))) {
                    // The follow rules, from the imported graph: Noor follows Maya, Maya does not follow Pia.
                    direct = openAndSend(maya, "noor", "dinner at eight?");
                    assertThat(noorsPhone.awaitEvent("message.created").at("/event/data/message/text").asText())
                            .isEqualTo("dinner at eight?");
                }
                assertThat(folder(jwt(first, "noor"), "inbox")).contains(direct);
                String fromPia = openAndSend(jwt(first, "pia"), "maya", "hi, we met at the fair");
                assertThat(folder(maya, "requests")).contains(fromPia);
                assertThat(folder(maya, "inbox")).doesNotContain(fromPia);

                rotateTheSigningKey(keys, first, second);

                // Noor is away (no socket): three messages in one conversation and a request in
                // another are one notification.needed per conversation once notify.delay has passed.
                String omar = jwt(second, "omar");
                send(jwt(second, "maya"), direct, "still on?");
                send(jwt(second, "maya"), direct, "I booked the table");
                String request = openAndSend(jwt(second, "pia"), "noor", "hello Noor");
                String marker = openAndSend(omar, "maya", "a marker: Maya is away too");
                clock.jump(DELAY.plusSeconds(1));
                Eventually.await("notification.needed for each conversation", WAIT,
                        () -> notified("noor", direct) > 0 && notified("noor", request) > 0 && notified("maya", marker) > 0);
                send(omar, marker, "a later message, after the last decision");
                clock.jump(DELAY.plusSeconds(1));
                Eventually.await("the next window's notification", WAIT, () -> notified("maya", marker) == 2);
                assertThat(notified("noor", direct)).isEqualTo(1);
                assertThat(notified("noor", request)).isEqualTo(1);
                JsonNode note = notifications().stream().filter(n -> n.get("conversation_id").asText().equals(request))
                        .findFirst().orElseThrow();
                assertThat(note.get("kind").asText()).isEqualTo("request");
                assertThat(note.toString()).doesNotContain("hello Noor");

                theWebhookRetriedItsFirstTransactionAsItWas(hook);
                noEventIsLostAcrossARestart(hook, second, direct);
            } finally {
                node.close();
            }
        }
    }

    private void provisionUsersAndGraph() {
        List<Map<String, String>> users = List.of(
                Map.of("external_id", "maya", "display_name", "Maya Lin"),
                Map.of("external_id", "noor", "display_name", "Noor Haddad"),
                Map.of("external_id", "omar", "display_name", "Omar Diaz"),
                Map.of("external_id", "pia", "display_name", "Pia Berg"));
        assertThat(app("POST", "/api/v1/app/users/batch", Map.of("users", users)).expect(200).body().get("users"))
                .hasSize(4);
        app("PUT", "/api/v1/app/graph/follows", Map.of("edges", List.of(
                Map.of("from", "noor", "to", "maya"), Map.of("from", "maya", "to", "noor"),
                Map.of("from", "maya", "to", "omar")))).expect(200);
    }

    /**
     * The app publishes a new key and drops the old one: a token of the new kid makes Parley
     * fetch the JWKS again and is accepted; a token of the old key is refused from then on.
     */
    private void rotateTheSigningKey(Keys keys, RSAKey first, RSAKey second) throws Exception {
        keys.jwks.set(new JWKSet(second.toPublicJWK()).toString());
        // Parley refetches a JWKS for an unknown kid at most once a second: within that, a retry.
        Eventually.await("a token of the new key is accepted", WAIT,
                () -> node.api.get("/api/v1/me", jwt(second, "omar")).status() == 200);
        assertThat(node.api.get("/api/v1/me", jwt(first, "omar")).status()).isEqualTo(401);
        try (Socket s = Socket.open(node, jwt(second, "omar"))) {
            assertThat(s.isClosed()).isFalse();
        }
        Eventually.sleep(Duration.ofMillis(1_100)); // past the refetch limit: the old kid may be looked up again
        assertThat(node.api.get("/api/v1/me", jwt(first, "pia")).status()).isEqualTo(401);
    }

    private void theWebhookRetriedItsFirstTransactionAsItWas(Hook hook) {
        Eventually.await("the webhook took a transaction", WAIT, () -> hook.calls.size() >= 3);
        List<Hook.Call> firstThree = List.copyOf(hook.calls).subList(0, 3); // a copy: a fourth call may come meanwhile
        assertThat(firstThree).extracting(Hook.Call::answered).containsExactly(500, 500, 200);
        assertThat(firstThree).extracting(Hook.Call::txn).containsOnly(firstThree.get(0).txn());
        assertThat(firstThree).extracting(Hook.Call::body).containsOnly(firstThree.get(0).body());
        assertThat(read(firstThree.get(0).body()).get("txn_id").asText()).isEqualTo(firstThree.get(0).txn());
        assertThat(hook.badSignatures.get()).isZero();
    }

    /**
     * The app's endpoint goes down, the node restarts (under a stricter profile): every event
     * before and after reaches the app, in feed order, a retried transaction with its id and
     * bytes, and the feed's cursor goes on where it was.
     */
    private void noEventIsLostAcrossARestart(Hook hook, RSAKey key, String direct) {
        Eventually.await("the webhook caught up", WAIT, () -> ids(hook.taken()).equals(ids(feed(""))));
        hook.failuresLeft.set(Integer.MAX_VALUE);
        int callsBefore = hook.calls.size();
        String cursor = node.api.call("GET", "/api/v1/app/events", secret, null).expect(200).body().get("next").asText();
        send(jwt(key, "maya"), direct, "sent while the app is down");
        Eventually.await("a failed attempt", WAIT, () -> hook.calls.size() > callsBefore);
        Hook.Call failed = hook.calls.get(callsBefore);
        assertThat(failed.answered()).isEqualTo(500);

        node = node.restart(Map.of("profile", "x"));
        send(jwt(key, "noor"), direct, "sent after the restart");
        // Profile x has no message requests: a message to someone who does not follow you is refused.
        Res refused = node.api.post("/api/v1/conversations", jwt(key, "pia"), Map.of("member_ids", List.of(idOf("omar"))));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).contains("application/problem+json");
        hook.failuresLeft.set(0);

        Eventually.await("the webhook delivered everything", WAIT, () -> ids(hook.taken()).equals(ids(feed(""))));
        Hook.Call retried = hook.calls.stream().skip(callsBefore).filter(c -> c.answered() == 200).findFirst().orElseThrow();
        assertThat(retried.txn()).isEqualTo(failed.txn());
        assertThat(retried.body()).isEqualTo(failed.body());
        List<Long> taken = ids(hook.taken());
        assertThat(taken).isSorted().doesNotHaveDuplicates();
        List<JsonNode> after = feed("?after=" + cursor);
        assertThat(after).extracting(e -> e.get("type").asText()).containsExactly("message.created", "message.created");
        assertThat(after).extracting(e -> e.at("/message/sender").asText()).containsExactly("maya", "noor");
        assertThat(hook.badSignatures.get()).isZero();
    }

    // --- the host app's side of the API ---

    private String appSecret() {
        Api.Person root = node.api.signUp("keeper_" + UUID.randomUUID().toString().substring(0, 6));
        new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        // The node made the app "default" for the JWT settings; its administrator gives it a secret.
        return node.api.post("/api/v1/admin/apps/default/rotate", root.token(), Map.of()).expect(200)
                .body().get("secret").asText();
    }

    private Res app(String method, String path, Object body) {
        return node.api.call(method, path, secret, body);
    }

    private String idOf(String externalId) {
        return app("GET", "/api/v1/app/users/" + externalId, null).expect(200).body().get("id").asText();
    }

    private String openAndSend(String token, String to, String text) {
        Res opened = node.api.post("/api/v1/conversations", token, Map.of("member_ids", List.of(idOf(to))));
        assertThat(opened.status()).isIn(200, 201);
        String id = opened.body().get("id").asText();
        send(token, id, text);
        return id;
    }

    private void send(String token, String conversation, String text) {
        node.api.post("/api/v1/conversations/" + conversation + "/messages", token,
                Map.of("client_id", UUID.randomUUID().toString(), "text", text)).expect(201);
    }

    private List<String> folder(String token, String folder) {
        List<String> ids = new ArrayList<>();
        node.api.get("/api/v1/conversations?folder=" + folder, token).expect(200).body().get("items")
                .forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    private List<JsonNode> feed(String query) {
        List<JsonNode> out = new ArrayList<>();
        String q = query;
        while (true) {
            JsonNode page = node.api.call("GET", "/api/v1/app/events" + q, secret, null).expect(200).body();
            page.get("items").forEach(out::add);
            if (page.get("items").isEmpty()) {
                return out;
            }
            q = "?after=" + page.get("next").asText();
        }
    }

    private List<JsonNode> notifications() {
        return feed("").stream().filter(e -> e.get("type").asText().equals("notification.needed")).toList();
    }

    private long notified(String externalId, String conversation) {
        return notifications().stream().filter(n -> n.get("external_id").asText().equals(externalId)
                && n.get("conversation_id").asText().equals(conversation)).count();
    }

    private static List<Long> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.get("id").asLong()).toList();
    }

    private static JsonNode read(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String jwt(RSAKey key, String externalId) throws RuntimeException {
        try {
            Instant now = Instant.now();
            SignedJWT t = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), new JWTClaimsSet.Builder().issuer(ISSUER).audience("parley")
                    .subject(externalId).jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now.minusSeconds(1)))
                    .expirationTime(Date.from(now.plusSeconds(600))).build());
            t.sign(new RSASSASigner(key));
            return t.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
