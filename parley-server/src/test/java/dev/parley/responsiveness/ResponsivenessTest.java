package dev.parley.responsiveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.MutableClock;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.ResponsivenessWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The response figures of a scripted week (see {@link ResponsivenessWeek} for the script), each
 * checked against a value worked out by hand from it. In seconds of open time, the first
 * responses of the week's counted requests are: r0 88,200 (24 h 30 min, late), r1 360, r2 900,
 * r3 1,200, r5 240, r6 2,400; r7 is unanswered. Sorted: 240, 360, 900, 1,200, 2,400, 88,200.
 * Nearest-rank p50 of 6 is the 3rd (900), p90 the 6th (88,200); the mean is 93,300 ÷ 6 = 15,550.
 *
 * <p>No test here moves the clock or adds to the week, so they hold in any order; the badge's
 * thresholds, which need both, are {@link ResponsivenessBadgeTest}.
 */
class ResponsivenessTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(
            Map.of("inbox.triage", "off", "automation.allow_private_webhooks", "on",
                    "metrics.per_business", "on"), CLOCK);
    static final Api api = NODE.api();
    static ResponsivenessWeek week;
    static String metrics;

    @BeforeAll
    static void start() {
        week = ResponsivenessWeek.play(NODE.node(), CLOCK, "w");
        metrics = week.base + "/metrics?from=2026-11-30&to=2026-12-06";
    }

    private static JsonNode report() {
        Api.Res r = api.get(metrics, week.ann.token());
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    @Test
    void theWeeksFiguresAreTheOnesWorkedOutByHand() {
        JsonNode r = report();
        assertThat(r.get("from").asText()).isEqualTo("2026-11-30T05:00:00Z"); // midnight in New York
        assertThat(r.get("to").asText()).isEqualTo("2026-12-07T05:00:00Z");   // the whole of Sunday
        assertThat(r.get("time_zone").asText()).isEqualTo("America/New_York");
        assertThat(r.get("business_hours").asBoolean()).isTrue();

        JsonNode s = r.get("summary");
        assertThat(s.get("requests").asLong()).isEqualTo(7);       // r0 r1 r2 r3 r5 r6 r7; Dot's second message is r2's
        assertThat(s.get("per_day").asDouble()).isEqualTo(1.0);
        assertThat(s.get("responded").asLong()).isEqualTo(5);      // r1 r2 r3 r5 r6
        assertThat(s.get("missed").asLong()).isEqualTo(1);         // r0, answered after 24 open hours
        assertThat(s.get("awaiting").asLong()).isEqualTo(1);       // r7: 15 open hours so far
        assertThat(s.get("response_rate").asDouble()).isEqualTo(0.8333); // 5 of 6
        stats(s.get("first_response"), 6, 900, 88_200, 15_550);
        assertThat(s.get("resolved").asLong()).isEqualTo(2);       // r1 after 30 min, r5 after 1 h
        stats(s.get("resolution"), 2, 1_800, 3_600, 2_700);

        JsonNode complaints = r.get("complaints");
        assertThat(complaints.get("requests").asLong()).isEqualTo(1);
        assertThat(complaints.get("response_rate").asDouble()).isEqualTo(1.0);
        stats(complaints.get("first_response"), 1, 240, 240, 240);
        stats(complaints.get("resolution"), 1, 3_600, 3_600, 3_600);

        assertThat(r.at("/excluded/spam").asLong()).isEqualTo(1);
        assertThat(r.at("/excluded/blocked").asLong()).isEqualTo(1);
    }

    @Test
    void eachAgentIsJudgedByTheRequestsTheyAnsweredOrHold() {
        JsonNode agents = report().get("agents");
        assertThat(names(agents)).containsExactly("Ann", "Bob", "Owner_w"); // by name

        JsonNode ann = agent(agents, week.ann.id()); // answered r1 (360 s), r3 (1,200 s), r5 (240 s); resolved r1, r5
        assertThat(ann.get("requests").asLong()).isEqualTo(3);
        assertThat(ann.get("responded").asLong()).isEqualTo(3);
        assertThat(ann.get("response_rate").asDouble()).isEqualTo(1.0);
        stats(ann.get("first_response"), 3, 360, 1_200, 600);
        assertThat(ann.get("resolved").asLong()).isEqualTo(2);
        stats(ann.get("resolution"), 2, 1_800, 3_600, 2_700);

        JsonNode bob = agent(agents, week.bob.id()); // r0 late, r2 (900 s), r6 (2,400 s), r7 assigned and unanswered
        assertThat(bob.get("requests").asLong()).isEqualTo(4);
        assertThat(bob.get("responded").asLong()).isEqualTo(2);
        assertThat(bob.get("missed").asLong()).isEqualTo(1);
        assertThat(bob.get("awaiting").asLong()).isEqualTo(1);
        assertThat(bob.get("response_rate").asDouble()).isEqualTo(0.6667);
        stats(bob.get("first_response"), 3, 2_400, 88_200, 30_500);
        assertThat(bob.get("resolved").asLong()).isZero();

        JsonNode owner = agent(agents, week.owner.id());
        assertThat(owner.get("requests").asLong()).isZero();
        assertThat(owner.get("response_rate").isNull()).isTrue();
        assertThat(owner.at("/first_response/p50_seconds").isNull()).isTrue();
    }

    @Test
    void theChartsSeriesCoverEveryDayTheDistributionAndTheHoursOfTheWeek() {
        JsonNode r = report();
        JsonNode days = r.get("days");
        assertThat(days).hasSize(7);
        assertThat(days.get(0).get("date").asText()).isEqualTo("2026-11-30");
        assertThat(days.get(6).get("date").asText()).isEqualTo("2026-12-06");
        long[][] perDay = {{3, 2, 1}, {1, 1, 0}, {2, 2, 0}, {1, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
        for (int i = 0; i < 7; i++) {
            JsonNode d = days.get(i);
            assertThat(new long[] {d.get("requests").asLong(), d.get("responded").asLong(), d.get("missed").asLong()})
                    .as(d.get("date").asText()).containsExactly(perDay[i]);
        }
        stats(days.get(0).get("first_response"), 3, 900, 88_200, (360 + 900 + 88_200) / 3.0);
        stats(days.get(2).get("first_response"), 2, 240, 2_400, 1_320);
        assertThat(days.get(3).at("/first_response/count").asLong()).isZero();

        List<Long> buckets = new ArrayList<>();
        r.get("distribution").forEach(b -> buckets.add(b.get("count").asLong()));
        assertThat(buckets).containsExactly(1L, 2L, 2L, 0L, 0L, 1L); // ≤5 min, ≤15, ≤1 h, ≤4 h, ≤24 h, more

        JsonNode grid = r.get("by_hour_of_week");
        assertThat(grid).hasSize(7);
        long total = 0;
        for (JsonNode day : grid) {
            assertThat(day).hasSize(24);
            for (JsonNode h : day) {
                total += h.asLong();
            }
        }
        assertThat(total).isEqualTo(7);
        assertThat(grid.get(0).get(9).asLong()).isEqualTo(1);  // Monday 09:30, r0
        assertThat(grid.get(0).get(16).asLong()).isEqualTo(1); // Monday 16:50, r2
        assertThat(grid.get(1).get(8).asLong()).isEqualTo(1);  // Tuesday 08:00, r3, before opening
        assertThat(grid.get(3).get(10).asLong()).isEqualTo(1); // Thursday 10:00, r7
    }

    @Test
    void theCsvHasARowPerRequestWithTheLeftOutOnesMarked() {
        Api.Res r = api.get(week.base + "/metrics/export?from=2026-11-30&to=2026-12-06", week.bob.token());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        assertThat(r.http().headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        List<String> lines = r.raw().lines().toList();
        assertThat(lines.get(0)).isEqualTo("conversation_id,customer_id,started_at,outcome,first_response_at,"
                + "responder_id,first_response_seconds,resolved_at,resolver_id,resolution_seconds,complaint,excluded,"
                + "rating,rating_comment"); // no ratings asked in this week: both empty
        assertThat(lines).hasSize(1 + 9); // the 7 counted, the spam one and the blocked one
        assertThat(row(lines, "r0")).contains(",missed,2026-12-03T15:00:00Z," + week.bob.id() + ",88200.0,,,,false,none");
        assertThat(row(lines, "r4")).endsWith(",spam,,");
        assertThat(row(lines, "r8")).endsWith(",blocked,,");
        assertThat(row(lines, "r5")).contains(",responded,").contains(",240.0,").contains(",3600.0,true,none");
        assertThat(row(lines, "r7")).contains(",awaiting,").endsWith(",none,,");
        assertThat(lines.stream().filter(l -> l.contains(",awaiting,") && l.endsWith(",none,,"))).hasSize(1);
    }

    @Test
    void theLiveFiguresAreGauges() {
        // Served on the metrics listener only, and only because metrics.per_business is on.
        String scrape = new Api("http://127.0.0.1:" + NODE.node().node().metricsPort().getAsInt()).get("/metrics", null)
                .expect(200).raw();
        String tag = "{business=\"" + week.shop + "\"}";
        assertThat(scrape).contains("parley_business_response_rate" + tag + " 0.8333");
        assertThat(scrape).contains("parley_business_first_response_p50_seconds" + tag + " 900.0");
        assertThat(scrape).contains("parley_business_requests_7d" + tag + " 7.0");
        assertThat(scrape).contains("parley_business_very_responsive" + tag + " 0.0");
    }

    @Test
    void strangersCustomersAndRemovedAgentsLearnNothingAndBotsAreRefused() {
        Person stranger = api.signUp("stranger_w");
        Api.Res unknown = api.get("/api/v1/businesses/b_unknown/metrics", stranger.token());
        assertThat(unknown.status()).isEqualTo(404);
        for (String path : List.of(week.base + "/metrics", week.base + "/metrics/export")) {
            Api.Res r = api.get(path, stranger.token());
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.raw()).isEqualTo(unknown.raw());
        }
        Person zed = api.signUp("zed_w");
        api.joinTeam(week.owner, week.shop, zed, "agent");
        assertThat(api.get(week.base + "/metrics", zed.token()).status()).isEqualTo(200);
        api.delete(week.base + "/agents/" + zed.id(), week.owner.token()).expect(204);
        Api.Res removed = api.get(week.base + "/metrics", zed.token());
        assertThat(removed.status()).isEqualTo(404);
        assertThat(removed.raw()).isEqualTo(unknown.raw());

        String botToken = api.post(week.base + "/bots", week.owner.token(),
                Map.of("name", "Reader", "url", "http://127.0.0.1:9/hook")).expect(201).body().get("token").asText();
        Api.Res bot = api.get(week.base + "/metrics", botToken);
        assertThat(bot.status()).isEqualTo(403);
        assertThat(bot.code()).isEqualTo("forbidden");
        assertThat(api.get(week.base + "/metrics", null).status()).isEqualTo(401);
    }

    @Test
    void aBadPeriodIsAClearProblem() {
        for (String q : List.of("from=yesterday", "to=2026-13-01", "from=2026-12-06&to=2026-11-30",
                "from=2025-01-01&to=2026-12-01")) {
            Api.Res r = api.get(week.base + "/metrics?" + q, week.ann.token());
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.code()).isEqualTo("validation_failed");
            assertThat(r.body().get("detail").asText()).as(q).isNotBlank();
        }
        // Left out, the period is the 7 days before now.
        JsonNode r = report(week.base + "/metrics");
        assertThat(Duration.between(Instant.parse(r.get("from").asText()), Instant.parse(r.get("to").asText())))
                .isEqualTo(Duration.ofDays(7));
        assertThat(Instant.parse(r.get("to").asText())).isEqualTo(CLOCK.instant());
    }

    private static JsonNode report(String path) {
        Api.Res r = api.get(path, week.ann.token());
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    private static String row(List<String> lines, String request) {
        String conversation = week.conversations.get(request);
        return lines.stream().filter(l -> l.startsWith(conversation + ",")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + request));
    }

    private static List<String> names(JsonNode agents) {
        List<String> out = new ArrayList<>();
        agents.forEach(a -> out.add(a.get("name").asText()));
        return out;
    }

    private static JsonNode agent(JsonNode agents, String id) {
        for (JsonNode a : agents) {
            if (a.get("agent_id").asText().equals(id)) {
                return a.get("figures");
            }
        }
        throw new AssertionError("no agent " + id + " in " + agents);
    }

    private static void stats(JsonNode s, long count, double p50, double p90, double mean) {
        assertThat(s.get("count").asLong()).as("count").isEqualTo(count);
        assertThat(s.get("p50_seconds").asDouble()).as("p50").isEqualTo(p50);
        assertThat(s.get("p90_seconds").asDouble()).as("p90").isEqualTo(p90);
        assertThat(s.get("mean_seconds").asDouble()).as("mean").isCloseTo(mean, within(0.001));
    }
}
