package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bot written with the SDK: registered by the business's owner, it receives signed webhooks,
 * verifies and reads them with {@link Webhooks}, and answers with its own token, as the business.
 */
class ClientBotTest {
    static TestNode node;
    static ParleyClient parley;
    static HttpServer receiver;
    static final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    record Received(String timestamp, String signature, String body) {}

    @BeforeAll
    static void start() throws IOException {
        node = TestNode.start(Map.of("automation.allow_private_webhooks", "on"));
        parley = ParleyClient.create(URI.create("http://127.0.0.1:" + node.port()));
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            try (ex) {
                received.add(new Received(ex.getRequestHeaders().getFirst(Webhooks.TIMESTAMP_HEADER),
                        ex.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER),
                        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                ex.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        node.close();
    }

    private static Received awaitWebhook() throws InterruptedException {
        Received r = received.poll(15, TimeUnit.SECONDS);
        assertThat(r).as("a webhook within 15 s").isNotNull();
        return r;
    }

    @Test
    void aBotHearsACustomerAndAnswersAsTheBusiness() throws Exception {
        ParleyClient owner = ClientConversationTest.person(parley, "owner", Settings.FOLLOWING);
        ParleyClient customer = ClientConversationTest.person(parley, "customer", Settings.FOLLOWING);
        AccountBrief shop = owner.createBusiness("sdk_bot_shop", "Bot Shop");
        BusinessClient desk = owner.forBusiness(shop.id());
        BotRegistration reg = desk.registerBot("helper",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        assertThat(desk.bots()).extracting(Bot::id).containsExactly(reg.bot().id());

        customer.like(shop.id());
        Conversation dm = customer.openDirect(shop.id());
        Message question = customer.send(dm.id(), "where is my parcel?");

        Webhook hook = null;
        while (hook == null) {
            Received r = awaitWebhook();
            assertThat(Webhooks.verify(reg.secret(), r.timestamp(), r.body(), r.signature(), Instant.now())).isTrue();
            Webhook w = Webhooks.read(r.body());
            assertThat(w.businessId()).isEqualTo(shop.id());
            assertThat(w.botId()).isEqualTo(reg.bot().id());
            if (Event.MESSAGE_CREATED.equals(w.event().type())) {
                hook = w;
            }
        }
        assertThat(hook.event().message().orElseThrow().id()).isEqualTo(question.id());

        ParleyClient bot = parley.withToken(reg.token());
        Message answer = bot.send(hook.event().conversationId(), "It left the depot this morning.");
        assertThat(answer.senderId()).isEqualTo(shop.id());
        assertThat(customer.history(dm.id()).items()).extracting(Message::text)
                .containsExactly("where is my parcel?", "It left the depot this morning.");
        assertThat(desk.botDeliveries(reg.bot().id(), 10)).extracting(BotDelivery::status).contains("delivered");

        desk.removeBot(reg.bot().id());
        ParleyException revoked = catchThrowableOfType(ParleyException.class, () -> bot.send(dm.id(), "still here?"));
        assertThat(revoked.code()).isEqualTo("unauthorized");
        assertThat(desk.bots()).isEmpty();
    }

    @Test
    void anOwnerSetsUpAutomaticRepliesAndTriesTheFaq() {
        ParleyClient owner = ClientConversationTest.person(parley, "owner", Settings.FOLLOWING);
        AccountBrief shop = owner.createBusiness("sdk_auto", "Auto Shop");
        BusinessClient desk = owner.forBusiness(shop.id());
        Automation set = desk.setAutomation(new Automation(new Automation.Reply(true, "Hi {{customer.first_name}}!"),
                new Automation.Away(false, "Closed.", "Europe/Berlin", Map.of("mon", List.of(List.of("09:00", "17:00"))),
                        List.of("2026-12-25")),
                new Automation.FaqBot(true, 0.55, List.of("How long does delivery take?"), "Bikes, helmets; repairs."), null));
        assertThat(set.instantReply().enabled()).isTrue();
        assertThat(set.faqBot().profile()).isEqualTo("Bikes, helmets; repairs.");
        assertThat(set.handoffWords()).as("defaults kept").contains("human");
        assertThat(desk.automation().awayMessage().timeZone()).isEqualTo("Europe/Berlin");

        Automation.Faq entry = desk.addFaq("How long does delivery take?", "Two to three working days.");
        assertThat(desk.faq()).extracting(Automation.Faq::id).containsExactly(entry.id());
        assertThat(entry.answerRefused()).as("a service answer goes to everyone").isNull();
        // Near the entry and about nothing else: answered (a question naming what the entry never
        // mentions, such as "my parcel", is asked back instead; FaqEvaluationTest measures that).
        Automation.Trial trial = desk.tryFaq("how many days will delivery take?");
        assertThat(trial.entry().id()).isEqualTo(entry.id());
        assertThat(trial.answers()).as("score %s against %s", trial.score(), trial.threshold()).isTrue();
        assertThat(trial.readAs()).isNull();
        Automation.Trial slipped = desk.tryFaq("how many days will delivry take?");
        assertThat(slipped.readAs()).isEqualTo("how many days will delivery take?");
        assertThat(slipped.entry().id()).isEqualTo(entry.id());
        Automation.Faq hours = desk.addFaq(List.of("What are your opening hours?", "Are you open on Sundays?"),
                "Monday to Saturday, 9 to 6.");
        assertThat(hours.questions()).containsExactly("What are your opening hours?", "Are you open on Sundays?");
        Automation.Trial sunday = desk.tryFaq("are you open on sunday");
        assertThat(sunday.entry().id()).isEqualTo(hours.id());
        assertThat(sunday.matchedQuestion()).isEqualTo("Are you open on Sundays?");
        Automation.Faq deals = desk.addFaq("Any deals?", "Flash sale: 40% off all helmets, this weekend only!");
        assertThat(deals.answerRefused().code()).isEqualTo("promotional_content");
        assertThat(deals.answerRefused().reasons()).isNotEmpty();

        ParleyException badZone = catchThrowableOfType(ParleyException.class, () -> desk.setAutomation(
                new Automation(null, new Automation.Away(true, "Closed.", "Mars/Olympus", null, null), null, null)));
        assertThat(badZone.code()).isEqualTo("validation_failed");
    }

    @Test
    void aTamperedOrStaleWebhookDoesNotVerify() {
        String secret = "whsec_test";
        String body = "{\"bot_id\":\"b-1\",\"business_id\":\"a-1\",\"event\":{\"token\":\"7\",\"type\":\"message.created\"}}";
        Instant now = Instant.now();
        String ts = String.valueOf(now.getEpochSecond());
        String signature = "v1=" + hexHmac(secret, ts + "." + body);
        assertThat(Webhooks.verify(secret, ts, body, signature, now)).isTrue();
        assertThat(Webhooks.verify(secret, ts, body.replace("message.created", "message.deleted"), signature, now)).isFalse();
        assertThat(Webhooks.verify("whsec_other", ts, body, signature, now)).isFalse();
        assertThat(Webhooks.verify(secret, ts, body, signature, now.plus(Duration.ofMinutes(6)))).as("a replay").isFalse();
        assertThat(Webhooks.verify(secret, "yesterday", body, signature, now)).isFalse();
        assertThat(Webhooks.read(body).event().token()).isEqualTo("7");
    }

    /** Computed independently of the SDK, so the test does not just repeat its code. */
    private static String hexHmac(String secret, String payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(payload.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
