package dev.parley.channels.x;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.channels.ChannelAccount;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.OAuthForms;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connecting a business's X account: OAuth 2.0 Authorization Code with PKCE (RFC 7636, S256) as a
 * confidential client (X's "OAuth 2.0 Authorization Code Flow with PKCE" page), with
 * {@code offline.access} so X hands a refresh token. Pure functions and calls through the outbound
 * client; nothing is stored here: the core keeps the state and verifier between
 * {@link #start} and {@link #exchange}, and the tokens afterwards.
 *
 * <p>A token call X refuses with 400 or 401 ({@code invalid_grant}, {@code invalid_request}: a
 * used or revoked refresh token, an expired code; {@code invalid_client}) means only the business
 * can mend it: {@link ChannelError#RECONNECT_NEEDED}.
 */
public final class XOAuth {
    public static final String SCOPES = "dm.read dm.write tweet.read users.read offline.access";
    /** Refresh this long before X's expiry, so a send never races it (X's access tokens live 2 h). */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Base64.Encoder URL64 = Base64.getUrlEncoder().withoutPadding();
    private static final int ANSWER_BYTES = 64 * 1024;

    /** Where to send the business, and what to keep until X sends them back. */
    public record Authorization(String url, String state, String verifier) {
    }

    /** What X granted. {@code refreshToken} is null when X gave none. */
    public record Tokens(String accessToken, String refreshToken, Instant expiresAt, String scope) {
    }

    private final XSettings settings;
    private final OutboundClient http;
    private final Clock clock;

    public XOAuth(XSettings settings, OutboundClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    /** A fresh state and verifier, and the authorize URL carrying the S256 challenge and the scopes. */
    public Authorization start(String redirectUri) {
        if (!settings.canConnect()) {
            throw new IllegalStateException("X's client id and secret are not set");
        }
        String state = OAuthForms.randomToken();
        String verifier = OAuthForms.randomToken();
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", redirectUri);
        q.put("scope", SCOPES);
        q.put("state", state);
        q.put("code_challenge", challenge(verifier));
        q.put("code_challenge_method", "S256");
        return new Authorization(settings.authorizeUrl() + "?" + OAuthForms.form(q), state, verifier);
    }

    /** RFC 7636 4.2: {@code BASE64URL(SHA256(ASCII(verifier)))} without padding. */
    public static String challenge(String verifier) {
        try {
            return URL64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether the account's token is gone or runs out within {@link #REFRESH_MARGIN}. */
    public static boolean needsRefresh(ChannelAccount account, Clock clock) {
        return account.accessToken() == null
                || account.tokenExpiresAt() != null && !clock.instant().plus(REFRESH_MARGIN).isBefore(account.tokenExpiresAt());
    }

    /** Exchanges the code X sent back (the caller has checked {@code state}) for tokens. */
    public Tokens exchange(String code, String redirectUri, String verifier) throws ChannelException, InterruptedException {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("grant_type", "authorization_code");
        q.put("code", code);
        q.put("redirect_uri", redirectUri);
        q.put("code_verifier", verifier);
        return token(q);
    }

    /** New tokens for a refresh token; X rotates the refresh token, so keep the one answered. */
    public Tokens refresh(String refreshToken) throws ChannelException, InterruptedException {
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw new ChannelException(ChannelError.RECONNECT_NEEDED, "no_refresh_token", null, "no refresh token is held");
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("grant_type", "refresh_token");
        q.put("refresh_token", refreshToken);
        return token(q);
    }

    private Tokens token(Map<String, String> form) throws ChannelException, InterruptedException {
        if (!settings.canConnect()) {
            throw new ChannelException(ChannelError.RECONNECT_NEEDED, "not_configured", null, "X's client id and secret are not set");
        }
        // A confidential client authenticates with HTTP Basic (RFC 6749 2.3.1: each part form-encoded).
        String basic = Base64.getEncoder().encodeToString((OAuthForms.enc(settings.clientId()) + ":" + OAuthForms.enc(settings.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
        OutboundClient.Response r;
        try {
            r = http.request("POST", settings.apiBase() + "/2/oauth2/token",
                    Map.of("Authorization", "Basic " + basic, "Content-Type", "application/x-www-form-urlencoded"),
                    OAuthForms.form(form).getBytes(StandardCharsets.UTF_8), ANSWER_BYTES);
        } catch (IOException e) {
            throw XErrors.unreachable(e);
        }
        JsonNode body = OAuthForms.parse(r.body());
        if (r.status() == 400 || r.status() == 401) {
            String error = XDeliveries.text(body, "error");
            throw new ChannelException(ChannelError.RECONNECT_NEEDED, error == null ? "http_" + r.status() : error, null,
                    "X refused the grant; the business must connect again");
        }
        if (r.status() != 200) {
            throw new XErrors(clock).of(r);
        }
        String access = XDeliveries.text(body, "access_token");
        if (access == null) {
            throw new ChannelException(ChannelError.TEMPORARY, "x_bad_answer", null, "X's token answer held no access_token");
        }
        JsonNode expires = body.get("expires_in");
        Instant at = OAuthForms.tokenExpiry(expires, clock, null);
        return new Tokens(access, XDeliveries.text(body, "refresh_token"), at, XDeliveries.text(body, "scope"));
    }
}
