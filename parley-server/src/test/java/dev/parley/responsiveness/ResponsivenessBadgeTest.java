package dev.parley.responsiveness;

import static dev.parley.testing.ResponsivenessWeek.local;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.MutableClock;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.ResponsivenessWeek;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "Very responsive" badge at its thresholds, on a scripted week of its own (see
 * {@link ResponsivenessWeek}): this test moves the clock and adds requests, so it shares no node
 * with {@link ResponsivenessTest}, whose figures must not depend on whether it ran first.
 */
class ResponsivenessBadgeTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(
            Map.of("inbox.triage", "off", "automation.allow_private_webhooks", "on"), CLOCK);
    static final Api api = NODE.api();
    static ResponsivenessWeek week;

    @BeforeAll
    static void play() {
        week = ResponsivenessWeek.play(NODE.node(), CLOCK, "w");
    }

    private static JsonNode report() {
        Api.Res r = api.get(week.base + "/metrics?from=2026-11-30&to=2026-12-06", week.ann.token());
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    @Test
    void theBadgeFlipsOnAndOffAtItsThresholds() {
        // Over the 7 days before Sunday night: 5 of 6 answered in time (83.3%), median exactly 15 min.
        JsonNode badge = report().get("badge");
        assertThat(badge.get("earned").asBoolean()).isFalse();
        assertThat(badge.get("response_rate").asDouble()).isEqualTo(0.8333);
        assertThat(badge.get("first_response_p50_seconds").asDouble()).isEqualTo(900);
        assertThat(badge.get("missing")).hasSize(1);
        assertThat(badge.get("missing").get(0).asText()).contains("83.3%").contains("5 of 6").contains("at least 90%")
                .contains("1 more");

        // r0, the late one, leaves the 7-day window one millisecond after a week has passed since it began.
        CLOCK.advanceTo(local("2026-12-07T09:30"));
        assertThat(report().at("/badge/earned").asBoolean()).isFalse();
        CLOCK.advanceTo(local("2026-12-07T09:30").plusMillis(1));
        badge = report().get("badge");
        assertThat(badge.get("earned").asBoolean()).as(badge.toString()).isTrue();
        assertThat(badge.get("response_rate").asDouble()).isEqualTo(1.0);
        assertThat(badge.get("missing")).isEmpty();

        // Two answers of 15 min 1 s each make the median of 7 (the 4th) 901 s: one second too slow.
        String kim = week.firstMessage("2026-12-07T09:31", week.customer("kim_w"), "Do you sell gift cards?");
        String lou = week.firstMessage("2026-12-07T09:32", week.customer("lou_w"), "Can I pay by invoice?");
        week.reply("2026-12-07T09:46:01", week.ann, kim, "We do, from 10 to 500 dollars.");
        week.reply("2026-12-07T09:47:01", week.ann, lou, "Yes, for orders over 200 dollars.");
        week.awaitInInbox(kim);
        week.awaitInInbox(lou);
        badge = report().get("badge");
        assertThat(badge.get("earned").asBoolean()).isFalse();
        assertThat(badge.get("first_response_p50_seconds").asDouble()).isEqualTo(901);
        assertThat(badge.get("missing")).hasSize(1);
        assertThat(badge.get("missing").get(0).asText()).contains("15 min 1 s").contains("at most 15 min");
    }
}
