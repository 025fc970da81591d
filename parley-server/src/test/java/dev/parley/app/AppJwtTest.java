package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.TestNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The host app signs its users in with its own JWTs (RS256, keys served as a JWKS): Parley
 * provisions them, follows a key rotation, and refuses every token it should.
 */
class AppJwtTest {
    private static final String ISSUER = "https://photos.example";

    @Test
    void theAppsOwnJwtsSignUsersInAndBadOnesAreRefused() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("k2").generate();
        AtomicReference<String> jwks = new AtomicReference<>(new JWKSet(first.toPublicJWK()).toString());
        AtomicInteger fetches = new AtomicInteger();
        HttpServer keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keys.createContext("/jwks.json", ex -> {
            fetches.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        keys.start();
        try (TestNode node = TestNode.start(Map.of(
                "auth.jwt_issuer", ISSUER,
                "auth.jwt_audience", "parley",
                "auth.jwt_jwks_url", "http://127.0.0.1:" + keys.getAddress().getPort() + "/jwks.json",
                "auth.jwt_provision", "on",
                "automation.allow_private_webhooks", "on"))) {
            Api api = node.api;

            // A valid token for an unknown sub provisions the user from its claims.
            String good = sign(first, c -> c.claim("name", "Maya Lin").claim("given_name", "Maya"));
            Api.Res me = api.get("/api/v1/me", good).expect(200);
            assertThat(me.body().get("display_name").asText()).isEqualTo("Maya Lin");
            assertThat(me.body().get("preferred_name").asText()).isEqualTo("Maya");
            api.post("/api/v1/stream/tickets", good, null).expect(201);

            // Refused: alg none, wrong issuer or audience, expired, not yet valid, HS256 with a guessed secret.
            JWTClaimsSet plain = claims(c -> { }).build();
            assertThat(api.get("/api/v1/me", new PlainJWT(plain).serialize()).status()).isEqualTo(401);
            assertThat(api.get("/api/v1/me", sign(first, c -> c.issuer("https://evil.example"))).status()).isEqualTo(401);
            assertThat(api.get("/api/v1/me", sign(first, c -> c.audience("someone-else"))).status()).isEqualTo(401);
            assertThat(api.get("/api/v1/me", sign(first, c -> c.expirationTime(ago(600)))).status()).isEqualTo(401);
            assertThat(api.get("/api/v1/me", sign(first, c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))))
                    .status()).isEqualTo(401);
            byte[] guessed = new byte[32];
            new SecureRandom().nextBytes(guessed);
            SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims(c -> { }).build());
            hs.sign(new MACSigner(guessed));
            assertThat(api.get("/api/v1/me", hs.serialize()).status()).isEqualTo(401);

            // The app rotates its key: a token with the new kid makes Parley fetch the JWKS again.
            Thread.sleep(1_100);
            int before = fetches.get();
            jwks.set(new JWKSet(second.toPublicJWK()).toString());
            assertThat(api.get("/api/v1/me", sign(second, c -> c.subject("u-2").claim("name", "Noor"))).status())
                    .isEqualTo(200);
            assertThat(fetches.get()).isGreaterThan(before);
            // A key the app never published is refused.
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("k-unknown").generate();
            assertThat(api.get("/api/v1/me", sign(unknown, c -> { })).status()).isEqualTo(401);

            // Revoke-before through the app API ends JWTs issued earlier. The node made the app
            // "default" for its JWTs; an administrator gives it a secret.
            Api.Person root = api.signUp("keeper_jwt");
            new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
            String secret = api.post("/api/v1/admin/apps/default/rotate", root.token(), Map.of()).expect(200)
                    .body().get("secret").asText();
            String older = sign(second, c -> c.subject("u-2").issueTime(ago(5)));
            api.get("/api/v1/me", older).expect(200);
            api.post("/api/v1/app/users/u-2/revoke-tokens", secret, Map.of()).expect(200);
            assertThat(api.get("/api/v1/me", older).status()).isEqualTo(401);
            api.get("/api/v1/me", sign(second, c -> c.subject("u-2").issueTime(Date.from(Instant.now().plusSeconds(1)))))
                    .expect(200);
        } finally {
            keys.stop(0);
        }
    }

    /**
     * Nothing the app ends survives in the node's cache of verified JWTs or comes back later: a
     * token "issued" in the future (which no revoke-before would reach) is refused, deactivating a
     * user ends their JWTs at once and for good (a reactivation does not bring back the ones issued
     * before), and revoking the app ends its JWTs at once on the node that took the revoke.
     */
    @Test
    void deactivationAndRevokesEndVerifiedJwtsAtOnceAndForGood() throws Exception {
        byte[] shared = "a-shared-hs256-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
        try (TestNode node = TestNode.start(Map.of(
                "auth.jwt_issuer", ISSUER,
                "auth.jwt_hs256_secret", new String(shared, StandardCharsets.UTF_8),
                "auth.jwt_provision", "on"))) {
            Api api = node.api;
            Api.Person root = api.signUp("keeper_hs");
            new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
            String secret = api.post("/api/v1/admin/apps/default/rotate", root.token(), Map.of()).expect(200)
                    .body().get("secret").asText();

            // An iat ten years ahead is refused (within the minute of skew is fine).
            assertThat(api.get("/api/v1/me", hs(shared, c -> c.issueTime(Date.from(Instant.now().plusSeconds(315_360_000)))))
                    .status()).isEqualTo(401);
            api.get("/api/v1/me", hs(shared, c -> c.issueTime(Date.from(Instant.now().plusSeconds(30))))).expect(200);

            // Deactivation ends a JWT that was just verified (and so cached), and it stays ended.
            String before = hs(shared, c -> c.subject("u-1").issueTime(ago(5)));
            api.get("/api/v1/me", before).expect(200);
            api.post("/api/v1/app/users/u-1/deactivate", secret, null).expect(200);
            assertThat(api.get("/api/v1/me", before).status()).isEqualTo(401);
            api.post("/api/v1/app/users/u-1/reactivate", secret, null).expect(200);
            assertThat(api.get("/api/v1/me", before).status()).isEqualTo(401);
            api.get("/api/v1/me", hs(shared, c -> c.subject("u-1").issueTime(Date.from(Instant.now().plusSeconds(2)))))
                    .expect(200);

            // A moderator's suspension ends a JWT that was just verified, at once (it has no session to delete).
            String suspended = hs(shared, c -> c.subject("u-3"));
            String u3 = api.get("/api/v1/me", suspended).expect(200).body().get("id").asText();
            api.put("/api/v1/admin/moderators/" + root.id(), root.token()).expect(204);
            api.post("/api/v1/moderation/actions", root.token(), Map.of("action", "suspend",
                    "target", Map.of("kind", "account", "id", u3), "reason", "spam")).expect(200);
            assertThat(api.get("/api/v1/me", suspended).status()).isEqualTo(401);

            // Revoking the app ends its JWTs at once, cached ones included.
            String cached = hs(shared, c -> c.subject("u-2"));
            api.get("/api/v1/me", cached).expect(200);
            api.post("/api/v1/admin/apps/default/revoke", root.token(), null).expect(204);
            assertThat(api.get("/api/v1/me", cached).status()).isEqualTo(401);
        }
    }

    /**
     * A node started with app JWTs and no app makes "default" for them; an operator who then follows
     * the README's "admin app create photos" is told that JWTs sign in to default, not to photos.
     */
    @Test
    void creatingASecondAppWhileJwtsTakeTheOnlyOneSaysSo() throws Exception {
        String shared = "a-shared-hs256-secret-of-at-least-32-bytes";
        try (TestNode node = TestNode.start(Map.of("auth.jwt_issuer", ISSUER, "auth.jwt_hs256_secret", shared))) {
            dev.parley.config.Settings s = node.node().settings();
            java.nio.file.Path conf = java.nio.file.Files.createTempFile("parley", ".conf");
            java.nio.file.Files.writeString(conf, "data_dir=" + s.get(dev.parley.config.Keys.DATA_DIR) + "\n"
                    + "database_url=" + s.get(dev.parley.config.Keys.DATABASE_URL) + "\n"
                    + "auth.jwt_issuer=" + ISSUER + "\nauth.jwt_hs256_secret=" + shared + "\n");
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cli = new picocli.CommandLine(new dev.parley.Main());
            cli.setErr(new java.io.PrintWriter(err, true));
            assertThat(cli.execute("admin", "app", "create", "photos", "--config", conf.toString())).isZero();
            assertThat(err.toString()).contains("to app default", "not to photos", "auth.jwt_app=photos");

            java.nio.file.Files.writeString(conf, "auth.jwt_app=photos\n", java.nio.file.StandardOpenOption.APPEND);
            java.io.StringWriter named = new java.io.StringWriter();
            cli.setErr(new java.io.PrintWriter(named, true));
            assertThat(cli.execute("admin", "app", "create", "staging", "--config", conf.toString())).isZero();
            assertThat(named.toString()).as("auth.jwt_app names the app: nothing to warn of").doesNotContain("warning");
        }
    }

    private static String hs(byte[] secret, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims(change).build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static Date ago(int seconds) {
        return Date.from(Instant.now().minusSeconds(seconds));
    }

    private static JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(ISSUER).audience("parley").subject("u-1")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
        change.accept(b);
        return b;
    }

    private static String sign(RSAKey key, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims(change).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
