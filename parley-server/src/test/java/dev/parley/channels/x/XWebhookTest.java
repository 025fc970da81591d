package dev.parley.channels.x;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.channels.Connector;
import dev.parley.outbound.OutboundClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** X's CRC check and the signature on every delivery: no secret, no answer and no delivery. */
@Tag("sqlite-only")
class XWebhookTest {
    private static final OutboundClient HTTP = new OutboundClient(true, Duration.ofSeconds(5), OutboundClient.Resolver.SYSTEM);
    private static final String CLIENT_SECRET = "test-oauth2-client-secret";
    private static final XConnector X = connector(CLIENT_SECRET, XFixtures.SECRET);

    private static XConnector connector(String clientSecret, String consumerSecret) {
        return new XConnector(XSettings.of("client", clientSecret, consumerSecret), HTTP, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        HTTP.close();
    }

    private static Function<String, String> header(String value) {
        return name -> name.equalsIgnoreCase("x-twitter-webhooks-signature") ? value : null;
    }

    private static Function<String, String> oauth2Header(String value) {
        return name -> name.equalsIgnoreCase("x-twitter-webhooks-signature-oauth2") ? value : null;
    }

    @Test
    void theCrcAnswerIsTheBase64HmacOfTheTokenUnderTheConsumerSecret() {
        // printf '%s' parley-crc-token-1 | openssl dgst -sha256 -hmac test-consumer-secret -binary | base64
        Connector.Handshake h = X.handshake(Map.of("crc_token", "parley-crc-token-1")).orElseThrow();

        assertThat(h.contentType()).isEqualTo("application/json");
        assertThat(h.body()).isEqualTo("{\"response_token\":\"sha256=Ilj4y/y/cUNNsRUOI+tdPMME3psaRQla7DDSA3dOQVc=\"}");
    }

    @Test
    void noCrcAnswerWithoutATokenOrWithoutASecret() {
        assertThat(X.handshake(Map.of())).isEmpty();
        assertThat(X.handshake(Map.of("crc_token", ""))).isEmpty();
        assertThat(X.handshake(Map.of("hub.challenge", "x"))).isEmpty();
        assertThat(connector(null, null).handshake(Map.of("crc_token", "parley-crc-token-1"))).isEmpty();
        assertThat(connector(" ", " ").handshake(Map.of("crc_token", "parley-crc-token-1"))).isEmpty();
    }

    @Test
    void withoutAConsumerSecretTheCrcIsAnsweredWithTheOAuth2ClientSecret() {
        // printf '%s' parley-crc-token-1 | openssl dgst -sha256 -hmac test-oauth2-client-secret -binary | base64
        Connector.Handshake h = connector(CLIENT_SECRET, null).handshake(Map.of("crc_token", "parley-crc-token-1")).orElseThrow();

        assertThat(h.body()).isEqualTo("{\"response_token\":\"sha256=8EoOAU2nN0i+TnxKVzSQIfPLpojdqbnXlPbOdWA2qZA=\"}");
    }

    @Test
    void theOAuth2SignatureVerifiesUnderTheClientSecretOnly() {
        byte[] body = XFixtures.load("xaa-dm-received.json");

        assertThat(X.verify(body, oauth2Header(XFixtures.sign(body, CLIENT_SECRET)))).isTrue();
        assertThat(connector(CLIENT_SECRET, null).verify(body, oauth2Header(XFixtures.sign(body, CLIENT_SECRET)))).isTrue();
        assertThat(X.verify(body, oauth2Header(XFixtures.sign(body, XFixtures.SECRET)))).as("the consumer secret's under the OAuth 2.0 name").isFalse();
        assertThat(X.verify(body, header(XFixtures.sign(body, CLIENT_SECRET)))).as("the client secret's under the legacy name").isFalse();
        byte[] flipped = body.clone();
        flipped[body.length / 3] ^= 0x20;
        assertThat(X.verify(flipped, oauth2Header(XFixtures.sign(body, CLIENT_SECRET)))).isFalse();
        assertThat(connector(null, XFixtures.SECRET).verify(body, oauth2Header(XFixtures.sign(body, CLIENT_SECRET))))
                .as("no client secret set").isFalse();
    }

    @Test
    void aDeliverySignedWithTheSecretVerifies() {
        byte[] body = XFixtures.load("aaa-message.json");

        assertThat(X.verify(body, header(XFixtures.sign(body, XFixtures.SECRET)))).isTrue();
    }

    @Test
    void anEmojiAndAccentedBodyVerifiesOverItsExactBytes() {
        byte[] body = XFixtures.load("aaa-message.json");
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("ça marche ? 👋", "n° 42 —");

        assertThat(X.verify(body, header(XFixtures.sign(body, XFixtures.SECRET)))).isTrue();
    }

    @Test
    void oneFlippedByteFailsIt() {
        byte[] body = XFixtures.load("aaa-message.json");
        String signature = XFixtures.sign(body, XFixtures.SECRET);
        for (int at : new int[] {0, body.length / 2, body.length - 1}) {
            byte[] flipped = body.clone();
            flipped[at] ^= 0x01;

            assertThat(X.verify(flipped, header(signature))).as("byte %d flipped", at).isFalse();
        }
        byte[] sig = signature.getBytes(StandardCharsets.US_ASCII);
        sig[10] = (byte) (sig[10] == 'A' ? 'B' : 'A');
        assertThat(X.verify(body, header(new String(sig, StandardCharsets.US_ASCII)))).as("signature altered").isFalse();
    }

    @Test
    void aMissingOrMalformedHeaderFailsIt() {
        byte[] body = XFixtures.load("aaa-message.json");
        String good = XFixtures.sign(body, XFixtures.SECRET);

        assertThat(X.verify(body, name -> null)).isFalse();
        assertThat(X.verify(body, header(""))).isFalse();
        assertThat(X.verify(body, header(good.substring("sha256=".length())))).as("without its prefix").isFalse();
        assertThat(X.verify(body, header("sha1=" + good.substring("sha256=".length())))).isFalse();
        assertThat(X.verify(body, header("sha256=***not base64***"))).isFalse();
        assertThat(X.verify(body, header(XFixtures.sign(body, "another-secret")))).as("another app's secret").isFalse();
    }

    @Test
    void withoutASecretNothingVerifiesNotEvenASignatureOverTheEmptyKey() {
        byte[] body = XFixtures.load("aaa-message.json");

        assertThat(connector(null, null).verify(body, header(XFixtures.sign(body, XFixtures.SECRET)))).isFalse();
        assertThat(connector(CLIENT_SECRET, null).verify(body, header(XFixtures.sign(body, XFixtures.SECRET))))
                .as("the legacy header with no consumer secret set").isFalse();
        assertThat(connector(" ", " ").verify(body, header(XFixtures.sign(body, " ")))).as("a blank secret is none").isFalse();
    }
}
