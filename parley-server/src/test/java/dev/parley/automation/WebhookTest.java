package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** External bots: signed webhooks retried until delivered (across restarts), and replies under the business rules. */
class WebhookTest {
    static final Map<String, String> ALLOW_LOCAL = Map.of("automation.allow_private_webhooks", "on",
            "automation.webhook_retry_base", "300ms");

    /** A webhook receiver that answers 500 to its first {@code failures} calls, verifying each signature. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger calls = new AtomicInteger();
        final BlockingQueue<JsonNode> accepted = new LinkedBlockingQueue<>();
        volatile int failures;
        volatile String secret;
        volatile boolean signatureOk = true;

        Receiver(int failures) throws IOException {
            this.failures = failures;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean valid = WebhookSignature.verify(secret, ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                        body, ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), Instant.now());
                signatureOk &= valid;
                int n = calls.incrementAndGet();
                int status = n <= this.failures ? 500 : 200;
                if (status == 200) {
                    accepted.add(Api.JSON.readTree(body));
                }
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        JsonNode awaitAccepted() throws InterruptedException {
            JsonNode got = accepted.poll(20, TimeUnit.SECONDS);
            assertThat(got).as("a webhook was accepted").isNotNull();
            return got;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    TestNode node;
    Person owner;
    Person customer;
    String shop;

    @BeforeEach
    void start() {
        node = TestNode.start(ALLOW_LOCAL);
        setUp(node.api);
    }

    private void setUp(Api api) {
        owner = api.signUp("owner");
        customer = api.signUp("carla");
        shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "shop", "display_name", "Shop"))
                .expect(201).body().at("/business/id").asText();
        api.put("/api/v1/accounts/" + shop + "/like", customer.token()).expect(200);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private JsonNode registerBot(Api api, String url) {
        return api.post("/api/v1/businesses/" + shop + "/bots", owner.token(), Map.of("name", "Helper", "url", url))
                .expect(201).body();
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheEventOnTheThirdTry() throws Exception {
        try (Receiver receiver = new Receiver(2)) {
            String c = node.api.open(customer, new Person(shop, "shop", null));
            JsonNode bot = registerBot(node.api, receiver.url()); // it hears what happens from now on
            receiver.secret = bot.get("secret").asText();
            node.api.send(customer, c, "Hello, is anyone there?").expect(201);

            JsonNode delivered = receiver.awaitAccepted();
            assertThat(receiver.calls.get()).isEqualTo(3);
            assertThat(receiver.signatureOk).isTrue();
            assertThat(delivered.at("/event/type").asText()).isEqualTo("message.created");
            assertThat(delivered.at("/event/data/message/text").asText()).isEqualTo("Hello, is anyone there?");

            // The log records the delivery once the receiver's answer is back.
            String logPath = "/api/v1/businesses/" + shop + "/bots/" + bot.at("/bot/id").asText() + "/deliveries";
            JsonNode entry = Eventually.await("the delivery log shows the message delivered", Duration.ofSeconds(10),
                    () -> {
                        JsonNode last = null;
                        for (JsonNode line : node.api.get(logPath, owner.token()).expect(200).body().get("items")) {
                            if ("message.created".equals(line.path("event_type").asText())) {
                                last = line;
                            }
                        }
                        return last;
                    }, e -> e != null && "delivered".equals(e.path("status").asText()));
            assertThat(entry.get("attempts").asInt()).isEqualTo(3);
            assertThat(entry.get("last_status").asInt()).isEqualTo(200);
        }
    }

    @Test
    void retriesSurviveANodeRestart() throws Exception {
        try (Receiver receiver = new Receiver(2)) {
            String c = node.api.open(customer, new Person(shop, "shop", null));
            JsonNode bot = registerBot(node.api, receiver.url());
            receiver.secret = bot.get("secret").asText();
            node.api.send(customer, c, "Are you open on Sunday?").expect(201);
            // Wait for the first failed attempt, then restart the node before it retries.
            Eventually.await("the receiver was called once", Duration.ofSeconds(10), () -> receiver.calls.get() >= 1);
            node = node.restart();
            JsonNode delivered = receiver.awaitAccepted();
            assertThat(delivered.at("/event/data/message/text").asText()).isEqualTo("Are you open on Sunday?");
            assertThat(receiver.calls.get()).isEqualTo(3);
            // Delivered once: the same event never arrives again.
            long token = delivered.at("/event/token").asLong();
            JsonNode later;
            while ((later = receiver.accepted.poll(1, TimeUnit.SECONDS)) != null) {
                assertThat(later.at("/event/token").asLong()).isNotEqualTo(token);
            }
        }
    }

    @Test
    void forgedSignaturesAndReplaysAreRefused() {
        String secret = "whsec_test";
        long now = Instant.now().getEpochSecond();
        String body = "{\"event\":1}";
        String good = WebhookSignature.sign(secret, now, body);
        assertThat(WebhookSignature.verify(secret, String.valueOf(now), body, good, Instant.now())).isTrue();
        assertThat(WebhookSignature.verify("whsec_other", String.valueOf(now), body, good, Instant.now())).isFalse();
        assertThat(WebhookSignature.verify(secret, String.valueOf(now), "{\"event\":2}", good, Instant.now())).isFalse();
        assertThat(WebhookSignature.verify(secret, String.valueOf(now), body, WebhookSignature.sign("x", now, body),
                Instant.now())).isFalse();
        String old = WebhookSignature.sign(secret, now - 3600, body);
        assertThat(WebhookSignature.verify(secret, String.valueOf(now - 3600), body, old, Instant.now())).isFalse();
        assertThat(WebhookSignature.verify(secret, null, body, good, Instant.now())).isFalse();
    }

    @Test
    void privateAddressesAreRefusedByDefault() {
        try (TestNode strict = TestNode.start()) {
            setUp(strict.api);
            // Short and octal forms that resolvers read as loopback, and IPv6 forms that carry an IPv4 address.
            for (String url : List.of("http://0177.0.0.1/hook", "http://[::127.0.0.1]/hook", "http://[::ffff:127.0.0.1]/",
                    "http://127.1/", "http://2130706433/", "http://0x7f.1/",
                    "http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://192.168.0.10/x", "http://100.64.1.1/",
                    "http://[::1]:8080/", "http://[fd00::1]/", "http://169.254.169.254/latest/meta-data",
                    "http://user:pw@example.com/", "ftp://example.com/")) {
                Api.Res r = strict.api.post("/api/v1/businesses/" + shop + "/bots", owner.token(),
                        Map.of("name", "Evil", "url", url));
                assertThat(r.status()).as(url).isEqualTo(422);
                assertThat(r.code()).as(url).isEqualTo("url_not_allowed");
                assertThat(r.body().get("reason").asText()).as(url).isNotBlank();
            }
            assertThat(strict.api.get("/api/v1/businesses/" + shop + "/bots", owner.token()).body().get("items")).isEmpty();
        }
    }

    @Test
    void aBotRepliesWithItsTokenUnderTheSameRules() throws Exception {
        try (Receiver receiver = new Receiver(0)) {
            JsonNode bot = registerBot(node.api, receiver.url());
            String token = bot.get("token").asText();
            String c = node.api.open(customer, new Person(shop, "shop", null));
            node.api.send(customer, c, "Where is my parcel?").expect(201);
            Api.Res reply = node.api.post("/api/v1/conversations/" + c + "/messages", token,
                    Map.of("client_id", "bot-1", "text", "Your parcel left the warehouse today."));
            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.body().get("sender_id").asText()).isEqualTo(shop);
            Api.Res promo = node.api.post("/api/v1/businesses/" + shop + "/conversations/" + c + "/messages", token,
                    Map.of("client_id", "bot-2", "text", "Flash sale: 50% off everything, today only!"));
            assertThat(promo.code()).isEqualTo("promotional_content");
            // A bot's token opens nothing of another business, nor of people.
            String other = node.api.post("/api/v1/businesses", customer.token(), Map.of("handle", "other", "display_name", "O"))
                    .body().at("/business/id").asText();
            assertThat(node.api.get("/api/v1/businesses/" + other + "/conversations", token).status()).isEqualTo(404);
            // Only owners and admins manage bots.
            assertThat(node.api.get("/api/v1/businesses/" + shop + "/bots", token).status()).isEqualTo(403);
            assertThat(node.api.get("/api/v1/businesses/" + shop + "/bots", customer.token()).status()).isEqualTo(404);
        }
    }

    /**
     * A bot answers for its business; the business's own account is its owners'. Its token once renamed the
     * business ("Support - verify your card here"), changed who may write to it and downloaded every
     * customer conversation in an export.
     */
    @Test
    void aBotsTokenLeavesItsBusinesssOwnAccountAlone() throws Exception {
        try (Receiver receiver = new Receiver(0)) {
            String token = registerBot(node.api, receiver.url()).get("token").asText();
            assertThat(node.api.get("/api/v1/me", token).status()).isEqualTo(200); // it may know who it is
            List<Api.Res> refused = List.of(
                    node.api.patch("/api/v1/me", token, Map.of("display_name", "Support - verify your card here")),
                    node.api.patch("/api/v1/me", token, Map.of("settings", Map.of("dm_policy", "nobody"))),
                    node.api.put("/api/v1/me/password", token,
                            Map.of("current_password", "x", "new_password", "a bot chose this passphrase")),
                    node.api.delete("/api/v1/me/avatar", token),
                    node.api.post("/api/v1/me/export", token, null),
                    node.api.get("/api/v1/me/exports/x-unknown", token),
                    node.api.call("DELETE", "/api/v1/me", token, Map.of()),
                    node.api.put("/api/v1/me/hidden_words", token, Map.of("apply_to", "all")),
                    node.api.put("/api/v1/me/notifications", token, Map.of("level", "none")));
            for (Api.Res r : refused) {
                assertThat(r.status()).as(r.raw()).isEqualTo(403);
                assertThat(r.code()).isEqualTo("not_for_bots");
            }
            assertThat(node.api.get("/api/v1/accounts/" + shop, customer.token()).body().get("display_name").asText())
                    .isEqualTo("Shop");
        }
    }
}
