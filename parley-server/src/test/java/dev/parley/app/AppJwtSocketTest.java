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
import dev.parley.testing.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user signed in by the app's own JWT opens the stream with it, by the Bearer header or a
 * ticket, although no session row holds a JWT; the socket ends at the token's exp (4440) or when
 * the app revokes the user's tokens (4401).
 */
class AppJwtSocketTest {
    private static final String KEY = "a shared HS256 secret of at least thirty-two bytes";

    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("auth.jwt_issuer", "https://host.example",
            "auth.jwt_hs256_secret", KEY, "auth.jwt_provision", "on"));
    static final Api api = NODE.api();

    private static String jwt(String sub, Instant issued, Instant expires) throws Exception {
        SignedJWT t = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer("https://host.example").subject(sub).claim("name", "User " + sub)
                .issueTime(Date.from(issued)).expirationTime(Date.from(expires)).build());
        t.sign(new MACSigner(KEY.getBytes(StandardCharsets.UTF_8)));
        return t.serialize();
    }

    @Test
    void anAppJwtOpensTheStreamAndItsSocketEndsWithTheToken() throws Exception {
        Instant now = Instant.now();
        String token = jwt("sock-1", now.minusSeconds(5), now.plusSeconds(600));
        api.get("/api/v1/me", token).expect(200); // provisioned from the claims
        try (Socket bearer = Socket.open(NODE.node(), token)) {
            assertThat(bearer.isClosed()).isFalse();
        }
        String ticket = api.post("/api/v1/stream/tickets", token, null).expect(201).body().get("ticket").asText();
        try (Socket byTicket = Socket.open(NODE.node(), null, "ticket=" + ticket)) {
            assertThat(byTicket.isClosed()).isFalse();
        }

        // At the token's exp the socket closes with 4440: the client asks its app for a fresh one.
        String brief = jwt("sock-1", now.minusSeconds(5), Instant.now().plusSeconds(3));
        try (Socket s = Socket.open(NODE.node(), brief)) {
            assertThat(s.awaitClose(Duration.ofSeconds(10))).isEqualTo(4440);
        }

        // The app revokes the user's tokens issued before now: the open socket closes with 4401.
        Api.Person root = api.signUp("keeper_jwtsock");
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps/default/rotate", root.token(), Map.of()).expect(200)
                .body().get("secret").asText();
        try (Socket s = Socket.open(NODE.node(), token)) {
            assertThat(s.isClosed()).isFalse();
            api.post("/api/v1/app/users/sock-1/revoke-tokens", secret, Map.of()).expect(200);
            assertThat(s.awaitClose(Duration.ofSeconds(5))).isEqualTo(4401);
        }
    }
}
