package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * How the bench's accounts get their credentials ({@code --auth}): password accounts signed up
 * as a person would; or users of an app, provisioned with the app's secret, holding tokens the
 * node minted ({@code app-token}) or JWTs the bench signs as the app would ({@code jwt}, HS256
 * with the secret the node was given as {@code auth.jwt_hs256_secret}).
 */
sealed interface BenchAuth {
    /** The name written in the state file and the report. */
    String name();

    /** Makes an account with this handle and a credential for it. */
    Population.Account make(Http http, String handle);

    static BenchAuth of(String mode, String appSecret, Jwt jwt) {
        return switch (mode) {
            case "password" -> new Password();
            case "app-token" -> new AppToken(required(appSecret, "--app-secret"));
            case "jwt" -> new AppJwt(required(appSecret, "--app-secret"), jwt);
            default -> throw new IllegalArgumentException("--auth is password, app-token or jwt, not " + mode);
        };
    }

    private static String required(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " is needed to provision the app's users");
        }
        return value;
    }

    /** What the bench signs app JWTs with: the node's {@code auth.jwt_issuer}, audience and HS256 secret. */
    record Jwt(String issuer, String audience, String hs256Secret) {}

    record Password() implements BenchAuth {
        @Override
        public String name() {
            return "password";
        }

        @Override
        public Population.Account make(Http http, String handle) {
            JsonNode r = http.call("POST", "/api/v1/accounts", null, Map.of("handle", handle,
                    "password", "bench passphrase, not for use", "display_name", "Bench " + handle)).ok("sign-up");
            return new Population.Account(r.at("/account/id").asText(), handle, r.get("token").asText());
        }
    }

    /** Minted tokens live at most 24 h, so a saved population is made again after a day. */
    record AppToken(String secret) implements BenchAuth {
        @Override
        public String name() {
            return "app-token";
        }

        @Override
        public Population.Account make(Http http, String handle) {
            String id = provision(http, secret, handle);
            String token = http.call("POST", "/api/v1/app/users/" + handle + "/tokens", secret,
                    Map.of("ttl_seconds", Duration.ofHours(24).toSeconds())).ok("mint").get("token").asText();
            return new Population.Account(id, handle, token);
        }
    }

    record AppJwt(String secret, Jwt jwt) implements BenchAuth {
        @Override
        public String name() {
            return "jwt";
        }

        @Override
        public Population.Account make(Http http, String handle) {
            return new Population.Account(provision(http, secret, handle), handle, sign(jwt, handle));
        }
    }

    private static String provision(Http http, String secret, String externalId) {
        return http.call("PUT", "/api/v1/app/users/" + externalId, secret,
                Map.of("handle", externalId, "display_name", "Bench " + externalId)).ok("provision").get("id").asText();
    }

    /** An HS256 JWT for {@code sub}, valid for a day, as the app's backend would issue it. */
    static String sign(Jwt jwt, String sub) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(jwt.issuer()).subject(sub)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(24))));
        if (jwt.audience() != null && !jwt.audience().isEmpty()) {
            claims.audience(jwt.audience());
        }
        try {
            SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            signed.sign(new MACSigner(jwt.hs256Secret().getBytes(StandardCharsets.UTF_8)));
            return signed.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign a JWT (the HS256 secret needs at least 32 bytes): "
                    + e.getMessage(), e);
        }
    }
}
