package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** A bot's receiver trusts a webhook only with the right secret, the exact body and a fresh timestamp. */
class WebhooksTest {
    private static final String SECRET = "whsec_test";
    private static final String BODY = "{\"bot_id\":\"b1\",\"business_id\":\"biz\",\"event\":{\"token\":\"t1\",\"type\":\"message.created\"}}";
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void acceptsTheNodesSignature() {
        String ts = Long.toString(NOW.getEpochSecond());
        assertThat(Webhooks.verify(SECRET, ts, BODY, sign(SECRET, ts, BODY), NOW)).isTrue();
    }

    @Test
    void refusesAnotherSecretAChangedBodyOrAStaleTimestamp() {
        String ts = Long.toString(NOW.getEpochSecond());
        String signature = sign(SECRET, ts, BODY);
        assertThat(Webhooks.verify("other", ts, BODY, signature, NOW)).isFalse();
        assertThat(Webhooks.verify(SECRET, ts, BODY.replace("t1", "t2"), signature, NOW)).isFalse();
        assertThat(Webhooks.verify(SECRET, ts, BODY, signature, NOW.plus(Webhooks.TOLERANCE).plusSeconds(1))).isFalse();
        assertThat(Webhooks.verify(SECRET, "not a time", BODY, signature, NOW)).isFalse();
        assertThat(Webhooks.verify(SECRET, ts, BODY, null, NOW)).isFalse();
    }

    @Test
    void readsTheEventsOfAVerifiedBody() {
        Webhook hook = Webhooks.read(BODY);
        assertThat(hook.botId()).isEqualTo("b1");
        assertThat(hook.event().type()).isEqualTo(Event.MESSAGE_CREATED);
    }

    private static String sign(String secret, String ts, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal((ts + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
