package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.NodeFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What ends an app's JWT stays ended: a revoke-before with an earlier time never lowers the
 * cutoff, a JWT issued before its user's erasure neither signs in nor brings the user back, and
 * a JWT may live at most {@code auth.jwt_max_lifetime}. A JWT handed out right after a revoke
 * works at once (iat has whole seconds; cutoffs compare by the second).
 */
class AppJwtCutoffTest {
    private static final String KEY = "a shared HS256 secret of at least thirty-two bytes";
    private static final String ISSUER = "https://host.example";

    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("auth.jwt_issuer", ISSUER,
            "auth.jwt_hs256_secret", KEY, "auth.jwt_provision", "on"));
    static final Api api = NODE.api();

    private static String secret;

    private static synchronized String secret() {
        if (secret == null) {
            Api.Person root = api.signUp("keeper_cutoff");
            new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
            secret = api.post("/api/v1/admin/apps/default/rotate", root.token(), Map.of()).expect(200)
                    .body().get("secret").asText();
        }
        return secret;
    }

    private static String jwt(String sub, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(ISSUER).subject(sub).claim("name", "User " + sub)
                .issueTime(Date.from(Instant.now().minusSeconds(5)))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        change.accept(b);
        SignedJWT t = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), b.build());
        t.sign(new MACSigner(KEY.getBytes(StandardCharsets.UTF_8)));
        return t.serialize();
    }

    private static int me(String token) {
        return api.get("/api/v1/me", token).status();
    }

    @Test
    void anEarlierBeforeNeverBringsBackARevokedJwt() throws Exception {
        String s = secret();
        String old = jwt("cut:1", c -> c.issueTime(Date.from(Instant.now().minusSeconds(30))));
        assertThat(me(old)).isEqualTo(200);

        // The whole app's cutoff: a later call naming 2020 keeps the later cutoff. (20 s ago, so the
        // other tests' JWTs, issued 5 s before they run, are after it whatever the order.)
        api.post("/api/v1/app/revoke-tokens", s, Map.of("before", Instant.now().minusSeconds(20).toString())).expect(200);
        assertThat(me(old)).isEqualTo(401);
        Api.Res lowered = api.post("/api/v1/app/revoke-tokens", s, Map.of("before", "2020-01-01T00:00:00Z")).expect(200);
        assertThat(Instant.parse(lowered.body().get("before").asText())).isAfter(Instant.now().minusSeconds(60));
        assertThat(me(old)).isEqualTo(401);

        // The user's cutoff, set by a deactivation: a reactivation and an earlier revoke keep it.
        String other = jwt("cut:2", c -> { });
        assertThat(me(other)).isEqualTo(200);
        api.post("/api/v1/app/users/cut:2/deactivate", s, null).expect(200);
        api.post("/api/v1/app/users/cut:2/reactivate", s, null).expect(200);
        assertThat(me(other)).isEqualTo(401);
        api.post("/api/v1/app/users/cut:2/revoke-tokens", s, Map.of("before", "2020-01-01T00:00:00Z")).expect(200);
        assertThat(me(other)).isEqualTo(401);
        // A JWT issued after the cutoff works.
        assertThat(me(jwt("cut:2", c -> c.issueTime(Date.from(Instant.now().plusSeconds(1)))))).isEqualTo(200);
    }

    @Test
    void aFreshJwtWorksRightAfterARevoke() throws Exception {
        String s = secret();
        assertThat(me(jwt("fresh:1", c -> { }))).isEqualTo(200);
        Instant cutoff = Instant.parse(api.post("/api/v1/app/users/fresh:1/revoke-tokens", s, Map.of()).expect(200)
                .body().get("before").asText());
        // Issued right after the revoke, in whole seconds as iat is: the cutoff's own second.
        Instant second = cutoff.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(me(jwt("fresh:1", c -> c.issueTime(Date.from(second))))).isEqualTo(200);
        // One issued in an earlier second stays revoked.
        assertThat(me(jwt("fresh:1", c -> c.issueTime(Date.from(Instant.now().minusSeconds(2)))))).isEqualTo(401);
    }

    @Test
    void aJwtIssuedBeforeAnErasureNeitherSignsInNorBringsTheUserBack() throws Exception {
        String s = secret();
        String before = jwt("je:1", c -> c.claim("name", "Jess Erase"));
        String firstId = api.get("/api/v1/me", before).expect(200).body().get("id").asText();
        api.delete("/api/v1/app/users/je:1", s).expect(202);

        Api.Res again = api.get("/api/v1/me", before);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.contentType()).contains("application/problem+json");
        assertThat(api.get("/api/v1/app/users/je:1", s).status()).isEqualTo(404); // not re-created

        // The app may create the user again; the JWT from before the erasure does not reach the new account.
        api.put("/api/v1/app/users/je:1", s, Map.of("display_name", "Jess Again")).expect(201);
        assertThat(me(before)).isEqualTo(401);
        // One issued after the erasure does.
        Thread.sleep(1_100);
        String after = jwt("je:1", c -> c.issueTime(new Date()));
        Api.Res now = api.get("/api/v1/me", after).expect(200);
        assertThat(now.body().get("id").asText()).isNotEqualTo(firstId);
    }

    @Test
    void aJwtLivesAtMostTheMaximumLifetime() throws Exception {
        Api.Res tenYears = api.get("/api/v1/me", jwt("life:1", c -> c.issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(3650))))));
        assertThat(tenYears.status()).isEqualTo(401);
        assertThat(tenYears.code()).isEqualTo("jwt_lifetime_too_long");
        // No iat: the lifetime counts from now.
        assertThat(api.get("/api/v1/me", jwt("life:1", c -> c.issueTime(null)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(25)))))).code()).isEqualTo("jwt_lifetime_too_long");
        assertThat(me(jwt("life:1", c -> c.issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(23))))))).isEqualTo(200);
        assertThat(api.get("/api/v1/app/users/life:1", secret()).status()).isEqualTo(200);
    }
}
