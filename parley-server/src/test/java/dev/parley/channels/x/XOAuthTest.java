package dev.parley.channels.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.channels.ChannelAccount;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.Network;
import dev.parley.outbound.OutboundClient;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Connecting an X account: OAuth 2.0 with PKCE, the code exchange and refreshes, against a stub. */
@Tag("sqlite-only")
class XOAuthTest {
    private static final OutboundClient HTTP = new OutboundClient(true, Duration.ofSeconds(5), OutboundClient.Resolver.SYSTEM);
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String REDIRECT = "https://parley.example/channels/x/connected";

    private XStub x;
    private XOAuth oauth;

    @BeforeEach
    void start() throws Exception {
        x = new XStub();
        oauth = new XOAuth(XSettings.of("my-client id", "my:secret", XFixtures.SECRET).at(x.base()), HTTP, CLOCK);
    }

    @AfterEach
    void stop() {
        x.close();
    }

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private static Map<String, String> query(String raw) {
        return Arrays.stream(raw.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8), p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    @Test
    void theChallengeIsRfc7636sAppendixBExample() {
        assertThat(XOAuth.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void theAuthorizeUrlAsksForTheDmScopesWithAnS256ChallengeOfAFreshVerifierAndState() {
        XOAuth.Authorization a = oauth.start(REDIRECT);
        XOAuth.Authorization b = oauth.start(REDIRECT);

        URI url = URI.create(a.url());
        assertThat(a.url()).startsWith("https://x.com/i/oauth2/authorize?");
        Map<String, String> q = query(url.getRawQuery());
        assertThat(q).containsEntry("response_type", "code")
                .containsEntry("client_id", "my-client id")
                .containsEntry("redirect_uri", REDIRECT)
                .containsEntry("scope", "dm.read dm.write tweet.read users.read offline.access")
                .containsEntry("state", a.state())
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("code_challenge", XOAuth.challenge(a.verifier()));
        assertThat(a.verifier()).matches("[A-Za-z0-9._~-]{43,128}");
        assertThat(a.state()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(b.state()).isNotEqualTo(a.state());
        assertThat(b.verifier()).isNotEqualTo(a.verifier());
    }

    @Test
    void theCodeIsExchangedAsAConfidentialClientWithTheVerifier() throws Exception {
        x.on("POST /2/oauth2/token", 200, "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"at-1\","
                + "\"scope\":\"dm.read dm.write tweet.read users.read offline.access\",\"refresh_token\":\"rt-1\"}");

        XOAuth.Tokens t = oauth.exchange("code-from-x", REDIRECT, "verifier-kept-by-the-core");

        assertThat(t).isEqualTo(new XOAuth.Tokens("at-1", "rt-1", NOW.plusSeconds(7200), "dm.read dm.write tweet.read users.read offline.access"));
        XStub.Heard h = x.heard("POST", "/2/oauth2/token").get(0);
        assertThat(h.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        String basic = new String(Base64.getDecoder().decode(h.header("Authorization").substring("Basic ".length())), StandardCharsets.UTF_8);
        assertThat(basic).as("each part form-encoded, RFC 6749 2.3.1").isEqualTo("my-client%20id:my%3Asecret");
        assertThat(query(h.text())).containsOnly(Map.entry("grant_type", "authorization_code"), Map.entry("code", "code-from-x"),
                Map.entry("redirect_uri", REDIRECT), Map.entry("code_verifier", "verifier-kept-by-the-core"));
    }

    @Test
    void aRefreshSendsTheRefreshTokenAndKeepsTheRotatedOne() throws Exception {
        x.on("POST /2/oauth2/token", 200, "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"at-2\",\"refresh_token\":\"rt-2\"}");

        XOAuth.Tokens t = oauth.refresh("rt-1");

        assertThat(t.accessToken()).isEqualTo("at-2");
        assertThat(t.refreshToken()).isEqualTo("rt-2");
        assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(7200));
        assertThat(query(x.heard("POST", "/2/oauth2/token").get(0).text()))
                .containsOnly(Map.entry("grant_type", "refresh_token"), Map.entry("refresh_token", "rt-1"));
    }

    @Test
    void aRefusedRefreshMeansReconnect() {
        for (String body : new String[] {
                "{\"error\":\"invalid_grant\",\"error_description\":\"Value passed for the token was invalid.\"}",
                "{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the token was invalid.\"}"}) {
            try (XStub stub = new XStub()) {
                stub.on("POST /2/oauth2/token", 400, body);
                XOAuth against = new XOAuth(XSettings.of("c", "s", "k").at(stub.base()), HTTP, CLOCK);

                assertThatThrownBy(() -> against.refresh("revoked")).isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.error).isEqualTo(ChannelError.RECONNECT_NEEDED);
                    assertThat(e.networkCode).isIn("invalid_grant", "invalid_request");
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertThatThrownBy(() -> oauth.refresh(null)).isInstanceOfSatisfying(ChannelException.class,
                e -> assertThat(e.error).isEqualTo(ChannelError.RECONNECT_NEEDED));
    }

    @Test
    void xFailingOrThrottlingTheTokenCallIsRetriedLater() {
        x.on("POST /2/oauth2/token", XStub.Answer.json(503, "{}"));
        assertThatThrownBy(() -> oauth.refresh("rt-1")).isInstanceOfSatisfying(ChannelException.class,
                e -> assertThat(e.error).isEqualTo(ChannelError.TEMPORARY));
    }

    @Test
    void withoutAClientIdAndSecretNothingStarts() {
        XOAuth unset = new XOAuth(XSettings.of(null, "", "k"), HTTP, CLOCK);

        assertThatThrownBy(() -> unset.start(REDIRECT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> unset.refresh("rt")).isInstanceOfSatisfying(ChannelException.class,
                e -> assertThat(e.error).isEqualTo(ChannelError.RECONNECT_NEEDED));
    }

    @Test
    void aTokenIsRefreshedFiveMinutesBeforeItRunsOut() {
        assertThat(XOAuth.needsRefresh(account("t", NOW.plus(Duration.ofMinutes(6))), CLOCK)).isFalse();
        assertThat(XOAuth.needsRefresh(account("t", NOW.plus(Duration.ofMinutes(5))), CLOCK)).isTrue();
        assertThat(XOAuth.needsRefresh(account("t", NOW.minusSeconds(1)), CLOCK)).isTrue();
        assertThat(XOAuth.needsRefresh(account(null, null), CLOCK)).as("no token at all").isTrue();
        assertThat(XOAuth.needsRefresh(account("t", null), CLOCK)).as("no expiry given").isFalse();
    }

    private static ChannelAccount account(String token, Instant expires) {
        return new ChannelAccount("ch1", "b2", Network.X, "4337869213", token, "rt", expires, false);
    }
}
