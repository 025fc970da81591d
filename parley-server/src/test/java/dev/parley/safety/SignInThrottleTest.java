package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.testing.Api;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Password guessing is slowed per (account, address) and per address, never per account alone,
 * and {@code rate_limits=off} (the test default) does not lift it. The node trusts 127.0.0.1 as
 * its reverse proxy, so each test plays clients at other addresses through X-Forwarded-For.
 */
class SignInThrottleTest {
    private static final String PW = "correct horse battery";
    static final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T01:00:00Z"));
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("trusted_proxies", "127.0.0.1, 10.0.0.0/8"), clock);
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Api.Res signIn(String handle, String password, String clientAddress) {
        return api.call("POST", "/api/v1/sessions", null, Map.of("handle", handle, "password", password),
                Map.of("X-Forwarded-For", clientAddress));
    }

    @Test
    void theSixthTryIsRefusedWithARetryAfterThatDoublesUpToFifteenMinutes() {
        api.signUp("vic_a");
        for (int i = 0; i < 5; i++) {
            assertThat(signIn("vic_a", "guess number " + i, "203.0.113.7").status()).isEqualTo(401);
        }
        Api.Res locked = signIn("vic_a", PW, "203.0.113.7"); // even the right password waits
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.code()).isEqualTo("too_many_sign_in_attempts");
        assertThat(locked.contentType()).startsWith("application/problem+json");
        assertThat(locked.http().headers().firstValue("Retry-After")).hasValue("60");
        assertThat(locked.body().get("retry_after").asLong()).isEqualTo(60);

        long lock = 60;
        for (long expected : new long[] {120, 240, 480, 900, 900}) {
            clock.advance(Duration.ofSeconds(lock + 1)); // the lock is over, the failures are remembered
            assertThat(signIn("vic_a", "one more guess", "203.0.113.7").status()).isEqualTo(401);
            Api.Res again = signIn("vic_a", PW, "203.0.113.7");
            assertThat(again.status()).isEqualTo(429);
            assertThat(again.http().headers().firstValue("Retry-After")).hasValue(String.valueOf(expected));
            lock = expected;
        }
        clock.advance(Duration.ofSeconds(lock + 1));
        assertThat(signIn("vic_a", PW, "203.0.113.7").status()).isEqualTo(201);
    }

    @Test
    void anIncompleteSignInNeitherCountsNorWipesTheFailuresBeforeIt() {
        api.signUp("vic_g");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 2; i++) {
                signIn("vic_g", "guess " + round + " " + i, "203.0.113.40");
            }
            // No password: refused as incomplete (422) before any password is checked. It used to
            // count as a success and wipe the pair's failures, so guesses went on for ever.
            Api.Res incomplete = api.call("POST", "/api/v1/sessions", null, Map.of("handle", "vic_g"),
                    Map.of("X-Forwarded-For", "203.0.113.40"));
            assertThat(incomplete.status()).isEqualTo(422);
        }
        assertThat(signIn("vic_g", "guess five", "203.0.113.40").status()).isEqualTo(401);
        // Five wrong passwords in all: the pair is locked, as if nothing came between them.
        assertThat(signIn("vic_g", PW, "203.0.113.40").status()).isEqualTo(429);
    }

    @Test
    void aWrongCurrentPasswordOnATokenCountsAsAFailedSignIn() {
        Api.Person vic = api.signUp("vic_h");
        Map<String, String> from = Map.of("X-Forwarded-For", "203.0.113.41");
        for (int i = 0; i < 3; i++) {
            assertThat(api.call("PUT", "/api/v1/me/password", vic.token(),
                    Map.of("current_password", "guess " + i, "new_password", "a brand new horse"), from).code())
                    .isEqualTo("wrong_password");
        }
        for (int i = 0; i < 2; i++) {
            assertThat(api.call("DELETE", "/api/v1/me", vic.token(), Map.of("password", "guess " + i), from).code())
                    .isEqualTo("wrong_password");
        }
        // Someone holding the token (a stolen one, a device left open) guessed five times: the
        // password checks behind the token and sign-in share one count per account and address.
        Api.Res locked = api.call("PUT", "/api/v1/me/password", vic.token(),
                Map.of("current_password", PW, "new_password", "a brand new horse"), from);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.code()).isEqualTo("too_many_sign_in_attempts");
        assertThat(api.call("DELETE", "/api/v1/me", vic.token(), Map.of("password", PW), from).status()).isEqualTo(429);
        assertThat(signIn("vic_h", PW, "203.0.113.41").status()).isEqualTo(429);
        // The owner, elsewhere, is not slowed, and a right password there clears nothing here.
        assertThat(api.call("PUT", "/api/v1/me/password", vic.token(),
                Map.of("current_password", PW, "new_password", "a brand new horse"),
                Map.of("X-Forwarded-For", "198.51.100.41")).status()).isEqualTo(204);
    }

    @Test
    void theOwnerSignsInFromElsewhereWhileAnAttackerIsLockedOut() {
        api.signUp("vic_b");
        for (int i = 0; i < 6; i++) {
            signIn("vic_b", "guess number " + i, "203.0.113.8");
        }
        assertThat(signIn("vic_b", PW, "203.0.113.8").status()).isEqualTo(429);
        assertThat(signIn("vic_b", PW, "198.51.100.20").status()).isEqualTo(201);
    }

    @Test
    void anUnknownHandleIsCountedAndAnsweredLikeAKnownOne() {
        api.signUp("vic_c");
        for (int i = 0; i < 5; i++) {
            signIn("vic_c", "guess number " + i, "203.0.113.9");
            signIn("no_one_c", "guess number " + i, "203.0.113.9");
        }
        Api.Res known = signIn("vic_c", "guess", "203.0.113.9");
        Api.Res unknown = signIn("no_one_c", "guess", "203.0.113.9");
        assertThat(known.status()).isEqualTo(429);
        assertThat(unknown.raw()).isEqualTo(known.raw());
    }

    @Test
    void aHundredFailuresFromOneAddressLockThatAddressForEveryAccount() {
        api.signUp("vic_d");
        for (int i = 0; i < 100; i++) {
            assertThat(signIn("spray_" + i, "guess", "203.0.113.10").status()).isEqualTo(401);
        }
        Api.Res locked = signIn("vic_d", PW, "203.0.113.10");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.code()).isEqualTo("too_many_sign_in_attempts");
        assertThat(signIn("vic_d", PW, "203.0.113.11").status()).isEqualTo(201);
    }

    @Test
    void theClientIsTheRightMostAddressThatIsNotATrustedProxy() {
        api.signUp("vic_e");
        // The client wrote the left entry itself; the proxy chain 10.1.2.3 saw 203.0.113.12.
        for (int i = 0; i < 5; i++) {
            signIn("vic_e", "guess " + i, "198.51.100.99, 203.0.113.12, 10.1.2.3");
        }
        assertThat(signIn("vic_e", PW, "192.0.2.1, 203.0.113.12").status()).isEqualTo(429);
        assertThat(signIn("vic_e", PW, "203.0.113.12, 192.0.2.1").status()).isEqualTo(201);
    }

    @Test
    void eachFailureIsLoggedWithAccountAndAddressButNoPassword() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.parley.signin");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            api.signUp("vic_f");
            signIn("vic_f", "secret guess 42", "203.0.113.13");
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).anySatisfy(e -> {
            assertThat(e.getFormattedMessage()).contains("vic_f").contains("203.0.113.13");
            assertThat(e.getFormattedMessage()).doesNotContain("secret guess");
        });
    }

    @Test
    void aForwardedForFromAnUntrustedPeerIsIgnored() {
        try (TestNode direct = TestNode.start(Map.of(), clock)) {
            direct.api.signUp("vic_g");
            for (int i = 0; i < 5; i++) {
                direct.api.call("POST", "/api/v1/sessions", null, Map.of("handle", "vic_g", "password", "guess " + i),
                        Map.of("X-Forwarded-For", "203.0.113." + i));
            }
            Api.Res spoofed = direct.api.call("POST", "/api/v1/sessions", null, Map.of("handle", "vic_g", "password", PW),
                    Map.of("X-Forwarded-For", "198.51.100.50"));
            assertThat(spoofed.status()).isEqualTo(429);
        }
    }
}
