package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The encryption against RFC 8291's worked example, and the small rules around a push. */
@Tag("store-free")
class WebPushCryptoTest {

    /** RFC 8291 Appendix A, byte for byte: the sender's key pair and the salt are the example's. */
    @Test
    void encryptsTheRfcExampleExactly() throws Exception {
        byte[] d = WebPushCrypto.unbase64url("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw");
        byte[] asPublic = WebPushCrypto.unbase64url(
                "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8");
        KeyPair as = new KeyPair(WebPushCrypto.publicKey(asPublic).orElseThrow(), WebPushCrypto.privateKey(d));
        byte[] body = WebPushCrypto.seal(
                WebPushCrypto.unbase64url("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
                WebPushCrypto.unbase64url("BTBZMqHH6r4Tts7J_aSIgg"),
                "When I grow up, I want to be a watermelon".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                as, WebPushCrypto.unbase64url("DGv6ra1nlYgDCS1FRnbzlw"), 1);
        assertThat(WebPushCrypto.base64url(body)).isEqualTo("DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml"
                + "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQe"
                + "xSgSxsj_Qulcy4a-fN");
    }

    @Test
    void aPointOffTheCurveOrOfTheWrongShapeIsNoKey() {
        byte[] good = WebPushCrypto.unbase64url(
                "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
        assertThat(WebPushCrypto.publicKey(good)).isPresent();
        byte[] off = good.clone();
        off[64] ^= 1; // y changed: no longer on P-256
        assertThat(WebPushCrypto.publicKey(off)).isEmpty();
        byte[] compressed = java.util.Arrays.copyOf(good, 33);
        compressed[0] = 2;
        assertThat(WebPushCrypto.publicKey(compressed)).isEmpty();
    }

    @Test
    void aTopicIsShortUrlSafeAndOnePerConversation() {
        String t = PushSender.topic("c-0123456789abcdefghjk");
        assertThat(t).hasSize(32).matches("[A-Za-z0-9_-]+");
        assertThat(PushSender.topic("c-0123456789abcdefghjk")).isEqualTo(t);
        assertThat(PushSender.topic("c-other")).isNotEqualTo(t);
    }

    @Test
    void retryAfterIsReadAsSecondsOrADate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(PushSender.retryAfter("120", now)).contains(Duration.ofSeconds(120));
        assertThat(PushSender.retryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(PushSender.retryAfter("999999", now)).contains(Duration.ofHours(1));
        assertThat(PushSender.retryAfter("soon", now)).isEmpty();
    }

    @Test
    void aLongTextIsCutBetweenCharacters() {
        String text = "😀".repeat(WebPushSink.MAX_TEXT + 5);
        String cut = WebPushSink.shorten(text);
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(WebPushSink.MAX_TEXT);
        assertThat(cut).endsWith("…");
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
    }
}
