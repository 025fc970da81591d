package dev.parley.app;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.parley.account.Account;
import dev.parley.account.AccountService;
import dev.parley.http.ApiException;
import dev.parley.http.Principal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts an app's own JWTs: {@code sub} names the user by the app's id. Algorithms are pinned
 * (RS256/ES256 with the app's JWKS, or HS256 with a shared secret), so {@code alg: none} and
 * algorithm swaps fail; iss, aud (when set), exp and nbf are checked, and an iat in the future is
 * refused (it would outlive every revoke-before cutoff). The JWKS is cached and
 * fetched again when a token names an unknown {@code kid}, so the app can rotate its keys.
 * A verified token is cached like a session (at most 30 s, never past its exp).
 */
public final class AppJwt {
    private static final Logger LOG = LoggerFactory.getLogger(AppJwt.class);
    private static final long CACHE_MILLIS = 30_000;
    /** The clock skew allowed on iat, as Nimbus allows on exp and nbf. */
    private static final long SKEW_MILLIS = DefaultJWTClaimsVerifier.DEFAULT_MAX_CLOCK_SKEW_SECONDS * 1_000L;

    private final App app;
    private final AppStore store;
    private final AppUsers users;
    private final boolean provision;
    private final java.time.Duration maxLifetime;
    private final ErasedUsers erased;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Principal principal, long until) {}

    /** What the node was told about the app's tokens. */
    public record Config(String issuer, String audience, String jwksUrl, String hs256Secret, boolean provision,
                         java.time.Duration maxLifetime) {}

    public AppJwt(App app, AppStore store, AppUsers users, Config config, JwksFetcher fetcher, ErasedUsers erased) {
        this.app = app;
        this.store = store;
        this.users = users;
        this.provision = config.provision();
        this.maxLifetime = config.maxLifetime();
        this.erased = erased;
        JWKSource<SecurityContext> keys;
        Set<JWSAlgorithm> algorithms;
        if (!config.hs256Secret().isEmpty()) {
            keys = new ImmutableSecret<>(config.hs256Secret().getBytes(StandardCharsets.UTF_8));
            algorithms = Set.of(JWSAlgorithm.HS256);
        } else {
            keys = JWKSourceBuilder.create(url(config.jwksUrl()), u -> new Resource(
                            new String(fetcher.get(uri(u)), StandardCharsets.UTF_8), "application/json"))
                    .cache(true)
                    // An unknown kid refetches at most twice a second: key rotation works, a flood
                    // of made-up kids does not become a flood of fetches.
                    .rateLimited(1_000)
                    .retrying(false)
                    .build();
            algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        JWTClaimsSet exact = new JWTClaimsSet.Builder().issuer(config.issuer()).build();
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                config.audience().isEmpty() ? null : config.audience(), exact, Set.of("sub", "exp")));
    }

    public String appId() {
        return app.id();
    }

    /** Three base64url parts: worth trying as a JWT (session tokens and secrets have no dots). */
    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first && token.length() < 8_192;
    }

    public Optional<Principal> authenticate(String token) {
        String hash = AccountService.sha256(token);
        long now = System.currentTimeMillis();
        Cached c = cache.get(hash);
        if (c != null && c.until() > now) {
            return Optional.of(c.principal());
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (Exception refused) {
            LOG.debug("app JWT refused: {}", refused.getMessage());
            return Optional.empty();
        }
        if (claims.getIssueTime() != null && claims.getIssueTime().getTime() > now + SKEW_MILLIS) {
            return Optional.empty(); // "issued" after any cutoff the app could set: revoke-before would never end it
        }
        long from = claims.getIssueTime() == null ? now : claims.getIssueTime().getTime();
        if (claims.getExpirationTime().getTime() - from > maxLifetime.toMillis()) {
            // A token that outlives every rotation of the app's keys is a leak waiting to happen.
            throw new ApiException(401, "jwt_lifetime_too_long", "JWT lives too long",
                    "An app's JWT may live at most " + maxLifetime.toSeconds() + " s from its iat (or from now without one): "
                            + "set exp closer (auth.jwt_max_lifetime).");
        }
        String sub = claims.getSubject();
        try {
            AppUsers.externalId(sub);
        } catch (RuntimeException bad) {
            return Optional.empty();
        }
        if (issuedBeforeErasure(sub, claims)) {
            return Optional.empty(); // neither the erased account nor one made again under the same id
        }
        Optional<Account> account = store.user(app.id(), sub).or(() -> provision ? provisioned(sub, claims) : Optional.empty());
        if (account.isEmpty() || account.get().suspended() || revoked(account.get(), claims)) {
            return Optional.empty();
        }
        Instant expires = claims.getExpirationTime().toInstant();
        // A token without iat counts as issued long ago: any revoke-before ends its socket. One with
        // iat stands for the end of that second, as revoked() reads it, so its socket and HTTP agree.
        Instant issued = claims.getIssueTime() == null ? Instant.EPOCH : secondsEnd(claims);
        Principal p = new Principal(account.get().id(), Principal.JWT + hash, false, false, Optional.of(expires),
                Optional.of(issued));
        if (cache.size() > 100_000) {
            cache.clear();
        }
        cache.put(hash, new Cached(p, Math.min(now + CACHE_MILLIS, expires.toEpochMilli())));
        return Optional.of(p);
    }

    /**
     * The app is revoked, or the token was issued before a revoke-before cutoff of the user or the
     * app (a token without iat counts as old).
     */
    private boolean revoked(Account a, JWTClaimsSet claims) {
        Optional<App> current = store.byId(app.id());
        if (current.isEmpty() || current.get().revoked()) {
            return true;
        }
        Instant cutoff = store.userTokensBefore(a.id());
        Instant appCutoff = current.get().tokensBefore();
        if (appCutoff.isAfter(cutoff)) {
            cutoff = appCutoff;
        }
        if (cutoff.equals(Instant.EPOCH)) {
            return false;
        }
        return claims.getIssueTime() == null || secondsEnd(claims).isBefore(cutoff);
    }

    /**
     * iat has whole seconds and a cutoff milliseconds: a token is revoked when its iat's second is
     * before the cutoff's, so a JWT handed out right after a revoke (in the cutoff's own second)
     * works at once, and one issued earlier in that same second is not ended by it.
     */
    private static Instant secondsEnd(JWTClaimsSet claims) {
        return claims.getIssueTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusMillis(999);
    }

    /**
     * Whether the external id was erased at or after the token's iat (a token without iat counts as
     * old): such a token was handed out for the person the erasure removed.
     */
    private boolean issuedBeforeErasure(String sub, JWTClaimsSet claims) {
        Optional<Instant> at = erased.lastErased(app.id(), sub);
        return at.isPresent() && (claims.getIssueTime() == null || !claims.getIssueTime().toInstant().isAfter(at.get()));
    }

    private Optional<Account> provisioned(String sub, JWTClaimsSet claims) {
        try {
            String name = stringClaim(claims, "name").orElse(sub.length() > 64 ? sub.substring(0, 64) : sub);
            users.upsert(app.id(), sub, new AppUsers.Fields(sub, null, name,
                    stringClaim(claims, "given_name").orElse(null), stringClaim(claims, "picture").orElse(null), null));
            return store.user(app.id(), sub);
        } catch (RuntimeException e) {
            LOG.info("could not provision app user {} from a JWT: {}", sub, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> stringClaim(JWTClaimsSet claims, String name) {
        try {
            return Optional.ofNullable(claims.getStringClaim(name)).filter(s -> !s.isBlank());
        } catch (java.text.ParseException e) {
            return Optional.empty();
        }
    }

    /** Drops verified tokens: a revoke-before was made. */
    public void forget() {
        cache.clear();
    }

    private static URL url(String s) {
        try {
            return new URI(s).toURL();
        } catch (URISyntaxException | java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("auth.jwt_jwks_url is not a URL: " + s, e);
        }
    }

    private static URI uri(URL u) throws java.io.IOException {
        try {
            return u.toURI();
        } catch (URISyntaxException e) {
            throw new java.io.IOException(e);
        }
    }
}
