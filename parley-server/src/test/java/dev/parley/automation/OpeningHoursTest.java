package dev.parley.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.MutableClock;
import dev.parley.testing.NodeFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The away message's opening hours as an owner edits them: one day sent changes that day only,
 * days have one spelling, spans may not overlap, and a span may run to midnight ("24:00").
 * Found from outside: adding Saturday replaced the week, so the shop was "closed" Monday to
 * Friday and every customer got the away message.
 */
class OpeningHoursTest {
    // Monday 2026-06-01, 10:00 in London.
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-01T09:00:00Z"));
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"), CLOCK);
    static final Api api = NODE.api();
    static final String CLOSED = "We're closed; back soon.";
    static final List<List<String>> NINE_TO_FIVE = List.of(List.of("09:00", "17:00"));
    static int n;

    record Shop(Person owner, String id, String base) {}

    private static Shop shop() {
        Person owner = api.signUp("oh_owner" + (++n));
        String id = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "oh_shop" + n, "display_name",
                "Hours Shop " + n)).expect(201).body().at("/business/id").asText();
        return new Shop(owner, id, "/api/v1/businesses/" + id);
    }

    private static Api.Res put(Shop s, Map<String, Object> away) {
        return api.call("PUT", s.base() + "/automation", s.owner().token(), Map.of("away_message", away));
    }

    private static JsonNode hours(Shop s) {
        return api.get(s.base() + "/automation", s.owner().token()).expect(200).body().at("/away_message/hours");
    }

    private static Map<String, Object> weekdays() {
        Map<String, Object> week = new HashMap<>();
        for (String d : List.of("mon", "tue", "wed", "thu", "fri")) {
            week.put(d, NINE_TO_FIVE);
        }
        return week;
    }

    /** The customer writes; answers the automatic replies to it once automation has handled it. */
    private static List<String> write(Shop s, Person customer, String conversation, String text) {
        long seq = api.send(customer, conversation, text).expect(201).body().get("seq").asLong();
        Eventually.await("automation handled the message", Duration.ofSeconds(30),
                () -> api.get(s.base() + "/conversations/" + conversation + "/bot", s.owner().token()).expect(200)
                        .body().get("seen_seq").asLong(), seen -> seen >= seq);
        List<String> replies = new ArrayList<>();
        for (JsonNode m : api.get("/api/v1/conversations/" + conversation + "/messages?after=" + seq,
                customer.token()).body().get("items")) {
            replies.add(m.get("text").asText());
        }
        return replies;
    }

    private static String conversation(Shop s, Person customer) {
        api.put("/api/v1/accounts/" + s.id() + "/like", customer.token()).expect(200);
        return api.open(customer, new Person(s.id(), null, null));
    }

    @Test
    void aDaySentChangesThatDayAndTheOthersKeepTheirHours() {
        Shop s = shop();
        put(s, Map.of("enabled", true, "text", CLOSED, "time_zone", "Europe/London", "hours", weekdays())).expect(200);
        JsonNode after = put(s, Map.of("hours", Map.of("sat", List.of(List.of("10:00", "14:00"))))).expect(200).body()
                .at("/away_message/hours");
        assertThat(after.fieldNames()).toIterable().containsExactlyInAnyOrder("mon", "tue", "wed", "thu", "fri", "sat");
        assertThat(after.at("/mon/0/0").asText()).isEqualTo("09:00");

        // Monday 10:00: open, as before Saturday was added; no away message.
        CLOCK.advanceTo(Instant.parse("2026-06-01T09:00:00Z"));
        Person ann = api.signUp("oh_ann" + n);
        String c = conversation(s, ann);
        assertThat(write(s, ann, c, "Hello, are you there?")).isEmpty();

        // A day sent replaces that day ("MON" is mon); [] closes a day; null takes a day's hours out.
        Map<String, Object> change = new HashMap<>();
        change.put("MON", List.of(List.of("08:00", "12:00")));
        change.put("tue", List.of());
        change.put("fri", null);
        JsonNode changed = put(s, Map.of("hours", change)).expect(200).body().at("/away_message/hours");
        assertThat(changed.fieldNames()).toIterable().containsExactlyInAnyOrder("mon", "tue", "wed", "thu", "sat");
        assertThat(changed.at("/mon/0/0").asText()).isEqualTo("08:00");
        assertThat(changed.get("tue")).isEmpty();
        assertThat(hours(s)).isEqualTo(changed);
    }

    @Test
    void oneDayTwiceOverlappingSpansAndBadTimesAreRefusedAndNothingIsWritten() {
        Shop s = shop();
        put(s, Map.of("hours", weekdays())).expect(200);
        JsonNode before = hours(s);
        List<Map<String, Object>> bad = List.of(
                Map.of("mon", NINE_TO_FIVE, "MON", List.of(List.of("10:00", "11:00"))),
                Map.of("mon", List.of(List.of("09:00", "17:00"), List.of("12:00", "18:00"))),
                Map.of("wed", List.of(List.of("00:00", "24:00"), List.of("23:00", "23:30"))),
                Map.of("thu", List.of(List.of("18:00", "00:00"))),
                Map.of("funday", NINE_TO_FIVE));
        for (Map<String, Object> hours : bad) {
            Api.Res r = put(s, Map.of("hours", hours));
            assertThat(r.status()).as("%s", hours).isEqualTo(422);
            assertThat(r.code()).isEqualTo("validation_failed");
            assertThat(r.body().get("detail").asText()).contains("away_message.hours");
        }
        assertThat(hours(s)).isEqualTo(before);
        // Spans that only touch are fine.
        put(s, Map.of("hours", Map.of("sat", List.of(List.of("09:00", "12:00"), List.of("12:00", "17:00")))))
                .expect(200);
    }

    @Test
    void aShopOpenRoundTheClockEndsItsDayAt2400AndIsNeverClosed() {
        Shop s = shop();
        Map<String, Object> always = new HashMap<>();
        for (String d : List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")) {
            always.put(d, List.of(List.of("00:00", "24:00")));
        }
        put(s, Map.of("enabled", true, "text", CLOSED, "time_zone", "Europe/London", "hours", always)).expect(200);
        Person bea = api.signUp("oh_bea" + n);
        String c = conversation(s, bea);
        CLOCK.advanceTo(Instant.parse("2026-06-01T22:59:30Z")); // Monday 23:59:30 in London
        assertThat(write(s, bea, c, "Still open?")).isEmpty();
        CLOCK.advanceTo(Instant.parse("2026-06-01T23:00:00Z")); // Tuesday 00:00
        assertThat(write(s, bea, c, "And now?")).isEmpty();

        // Closed from 22:00 to midnight on Wednesday only: the away message then, once.
        put(s, Map.of("hours", Map.of("wed", List.of(List.of("00:00", "22:00"))))).expect(200);
        CLOCK.advanceTo(Instant.parse("2026-06-03T21:30:00Z")); // Wednesday 22:30
        assertThat(write(s, bea, c, "Hello?")).containsExactly(CLOSED);
        CLOCK.advanceTo(Instant.parse("2026-06-03T23:00:00Z")); // Thursday 00:00: open again
        assertThat(write(s, bea, c, "Morning")).isEmpty();
    }

    @Test
    void holidaysAreKeptOnceEach() {
        Shop s = shop();
        JsonNode away = put(s, Map.of("holidays", List.of("2026-12-25", "2026-12-26", "2026-12-25"))).expect(200).body()
                .get("away_message");
        assertThat(away.get("holidays")).hasSize(2);
        assertThat(away.at("/holidays/0").asText()).isEqualTo("2026-12-25");
        assertThat(away.at("/holidays/1").asText()).isEqualTo("2026-12-26");
    }
}
