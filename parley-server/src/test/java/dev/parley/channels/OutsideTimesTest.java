package dev.parley.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Times a network's answer gives (a token's {@code expires_in}, a rate limit's wait) are the other
 * side's word: a probe that answered {@code "expires_in": 99999999999999} broke the channel's
 * connection with an overflow. They are bounded where they enter.
 */
@Tag("store-free")
class OutsideTimesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant UNKNOWN = Instant.parse("2026-12-08T00:00:00Z");

    private static Instant expiry(String json) {
        JsonNode answer = OAuthForms.parse(("{\"expires_in\": " + json + "}").getBytes());
        return OAuthForms.tokenExpiry(answer.get("expires_in"), CLOCK, UNKNOWN);
    }

    @Test
    void aTokensLifetimeIsTakenAsGivenUpToAYear() {
        assertThat(expiry("5183944")).isEqualTo(NOW.plusSeconds(5183944)); // Meta's 60 days
        assertThat(expiry("\"7200\"")).isEqualTo(NOW.plusSeconds(7200));
        assertThat(expiry("99999999999999")).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(expiry("9223372036854775807")).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(expiry("99999999999999999999999999")).isEqualTo(NOW.plus(Duration.ofDays(365)));
    }

    @Test
    void aLifetimeThatIsNoPositiveNumberIsNone() {
        for (String bad : new String[] {"0", "-3600", "\"soon\"", "null", "1e400", "12.5", "true", "{}"}) {
            assertThat(expiry(bad)).as(bad).isEqualTo(UNKNOWN);
        }
        assertThat(OAuthForms.tokenExpiry(null, CLOCK, null)).isNull();
    }

    @Test
    void aNetworksWaitIsAtMostAnHourAndNeverNegative() {
        assertThat(new ChannelException(ChannelError.RATE_LIMITED, "x", Duration.ofSeconds(Long.MAX_VALUE), "m").retryAfter)
                .isEqualTo(Duration.ofHours(1));
        assertThat(new ChannelException(ChannelError.RATE_LIMITED, "x", Duration.ofSeconds(-5), "m").retryAfter)
                .isEqualTo(Duration.ZERO);
        assertThat(new ChannelException(ChannelError.RATE_LIMITED, "x", Duration.ofSeconds(90), "m").retryAfter)
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(new ChannelException(ChannelError.RATE_LIMITED, "x", null, "m").retryAfter).isNull();
    }
}
