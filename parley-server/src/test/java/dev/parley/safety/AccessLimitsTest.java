package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.TestNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-ups per address, look-ups by handle and stream tickets per account are limited when
 * {@code rate_limits} is on, and not when it is off (load tests).
 */
class AccessLimitsTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("rate_limits", "on", "trusted_proxies", "127.0.0.1",
                "rate.signups_per_hour", "3", "rate.lookups_per_minute", "3", "rate.tickets_per_minute", "3"));
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Api.Res signUpFrom(String handle, String address) {
        return api.call("POST", "/api/v1/accounts", null, Map.of("handle", handle, "password", "correct horse battery",
                "display_name", "Someone"), Map.of("X-Forwarded-For", address));
    }

    static void limited(Api.Res r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(429);
        assertThat(r.code()).isEqualTo("rate_limited");
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.http().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aFourthSignUpFromOneAddressWithinTheHourWaits() {
        for (int i = 0; i < 3; i++) {
            assertThat(signUpFrom("su_" + i, "203.0.113.40").status()).isEqualTo(201);
        }
        limited(signUpFrom("su_3", "203.0.113.40"));
        assertThat(signUpFrom("su_4", "203.0.113.41").status()).isEqualTo(201);
    }

    @Test
    void aRefusedFormCostsNoSignUp() {
        for (int i = 0; i < 5; i++) {
            assertThat(api.call("POST", "/api/v1/accounts", null, Map.of("handle", "sf_" + i, "password", "password1234",
                    "display_name", "Someone"), Map.of("X-Forwarded-For", "203.0.113.42")).status()).isEqualTo(422);
        }
        assertThat(signUpFrom("sf_ok", "203.0.113.42").status()).isEqualTo(201);
    }

    @Test
    void lookUpsByHandleAreLimitedPerAccountButLookUpsByIdAreNot() {
        Person asker = signUp("lk_asker", "203.0.113.43");
        Person known = signUp("lk_known", "203.0.113.44");
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/accounts/no_such_" + i, asker.token()).status()).isEqualTo(404);
        }
        limited(api.get("/api/v1/accounts/lk_known", asker.token()));
        limited(api.put("/api/v1/accounts/lk_known/follow", asker.token()));
        assertThat(api.get("/api/v1/accounts/" + known.id(), asker.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/accounts/lk_asker", known.token()).status()).isEqualTo(200);
    }

    @Test
    void aFourthTicketWithinTheMinuteWaits() {
        Person p = signUp("tk_ann", "203.0.113.45");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/stream/tickets", p.token(), null).status()).isEqualTo(201);
        }
        limited(api.post("/api/v1/stream/tickets", p.token(), null));
        assertThat(api.post("/api/v1/stream/tickets", null, null).status()).isEqualTo(401);
    }

    @Test
    void rateLimitsOffLiftsTheseLimits() {
        try (TestNode off = TestNode.start(Map.of("rate.signups_per_hour", "1", "rate.tickets_per_minute", "1"))) {
            for (int i = 0; i < 3; i++) {
                String token = off.api.signUp("off_" + i).token();
                off.api.post("/api/v1/stream/tickets", token, null).expect(201);
                off.api.post("/api/v1/stream/tickets", token, null).expect(201);
            }
        }
    }

    private static Person signUp(String handle, String address) {
        Api.Res r = signUpFrom(handle, address).expect(201);
        return new Person(r.body().at("/account/id").asText(), handle, r.body().get("token").asText());
    }
}
