package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.NodeFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sign-in lock's thresholds are settings: an operator can make them stricter (or looser). */
class SignInThresholdsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("trusted_proxies", "127.0.0.1",
            "auth.sign_in_max_failures", "2", "auth.sign_in_address_max_failures", "4"));
    static final Api api = NODE.api();

    static Api.Res signIn(String handle, String password, String clientAddress) {
        return api.call("POST", "/api/v1/sessions", null, Map.of("handle", handle, "password", password),
                Map.of("X-Forwarded-For", clientAddress));
    }

    @Test
    void theThirdTryIsRefusedWhenTwoFailuresLockThePair() {
        api.signUp("thr_ann");
        assertThat(signIn("thr_ann", "guess one", "203.0.113.20").status()).isEqualTo(401);
        assertThat(signIn("thr_ann", "guess two", "203.0.113.20").status()).isEqualTo(401);
        Api.Res locked = signIn("thr_ann", "correct horse battery", "203.0.113.20");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.code()).isEqualTo("too_many_sign_in_attempts");
        // The owner elsewhere is not slowed.
        assertThat(signIn("thr_ann", "correct horse battery", "198.51.100.20").status()).isEqualTo(201);
    }

    @Test
    void fourFailuresFromOneAddressLockTheAddress() {
        for (String who : new String[] {"thr_b1", "thr_b2"}) {
            api.signUp(who);
            assertThat(signIn(who, "wrong guess", "203.0.113.30").status()).isEqualTo(401);
            assertThat(signIn(who, "another guess", "203.0.113.30").status()).isEqualTo(401);
        }
        api.signUp("thr_b3");
        assertThat(signIn("thr_b3", "correct horse battery", "203.0.113.30").status()).isEqualTo(429);
    }
}
