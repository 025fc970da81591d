package dev.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** People search has its own bucket: typing a name fast is slowed with 429, and handle look-ups are not spent. */
class PeopleSearchLimitTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("rate_limits", "on", "rate.people_searches_per_minute", "3"));
    static final Api api = NODE.api();

    @Test
    void overTheLimitASearchIsRefusedWithRetryAfterWhileLookUpsStillWork() {
        Person ann = api.signUp("ann");
        api.signUp("bob");
        for (String q : new String[] {"b", "bo", "bob"}) {
            api.get("/api/v1/accounts?q=" + q, ann.token()).expect(200);
        }
        Api.Res refused = api.get("/api/v1/accounts?q=bobb", ann.token());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.code()).isEqualTo("rate_limited");
        assertThat(refused.http().headers().firstValue("Retry-After")).isPresent();
        api.get("/api/v1/accounts/bob", ann.token()).expect(200);
    }
}
