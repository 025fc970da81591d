package dev.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The preferences the notification decision reads: global ones, and a conversation's mute. */
class NotificationPreferencesTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;
    Person ann;
    Person bob;

    @BeforeEach
    void people() {
        n++;
        ann = api.signUp("ann" + n);
        bob = api.signUp("bob" + n);
    }

    @Test
    void preferencesStartAtAllAndKeepWhatIsPut() {
        JsonNode initial = api.get("/api/v1/me/notifications", ann.token()).expect(200).body();
        assertThat(initial.get("level").asText()).isEqualTo("all");
        assertThat(initial.get("show_text").asBoolean()).isTrue();
        assertThat(initial.get("quiet_hours").isNull()).isTrue();

        api.call("PUT", "/api/v1/me/notifications", ann.token(), Map.of("level", "mentions", "show_text", false,
                "quiet_hours", Map.of("start", "22:00", "end", "07:00", "time_zone", "Europe/Berlin"))).expect(200);
        api.call("PUT", "/api/v1/me/notifications", ann.token(), Map.of("show_text", true)).expect(200);
        JsonNode now = api.get("/api/v1/me/notifications", ann.token()).expect(200).body();
        assertThat(now.get("level").asText()).isEqualTo("mentions");
        assertThat(now.get("show_text").asBoolean()).isTrue();
        assertThat(now.at("/quiet_hours/start").asText()).isEqualTo("22:00");
        assertThat(now.at("/quiet_hours/end").asText()).isEqualTo("07:00");
        assertThat(now.at("/quiet_hours/time_zone").asText()).isEqualTo("Europe/Berlin");
        // Someone else's preferences are their own.
        assertThat(api.get("/api/v1/me/notifications", bob.token()).body().get("level").asText()).isEqualTo("all");

        api.call("PUT", "/api/v1/me/notifications", ann.token(), NotifyDecisionTest.mapOfNull("quiet_hours")).expect(200);
        assertThat(api.get("/api/v1/me/notifications", ann.token()).body().get("quiet_hours").isNull()).isTrue();
    }

    @Test
    void badPreferencesAreRefusedNamingTheFieldAndNothingIsWritten() {
        assertRefused(Map.of("level", "loud"), "'level'");
        assertRefused(Map.of("show_text", "yes"), "'show_text'");
        assertRefused(Map.of("quiet_hours", Map.of("start", "25:00", "end", "07:00", "time_zone", "UTC")),
                "'quiet_hours.start'");
        assertRefused(Map.of("quiet_hours", Map.of("start", "22:00", "end", "7", "time_zone", "UTC")),
                "'quiet_hours.end'");
        assertRefused(Map.of("quiet_hours", Map.of("start", "22:00", "end", "07:00", "time_zone", "Mars/Olympus")),
                "'quiet_hours.time_zone'");
        // An offset or an old alias keeps no daylight saving: quiet hours would drift by an hour twice a year.
        for (String notARegion : java.util.List.of("+05:00", "GMT+05:00", "SystemV/EST5", "EST")) {
            assertRefused(Map.of("quiet_hours", Map.of("start", "22:00", "end", "07:00", "time_zone", notARegion)),
                    "'quiet_hours.time_zone'");
        }
        assertRefused(Map.of("quiet_hours", Map.of("start", "22:00", "end", "22:00", "time_zone", "UTC")),
                "'quiet_hours.end'");
        assertRefused(Map.of("level", "none", "quiet_hours", "always"), "'quiet_hours'");
        assertThat(api.get("/api/v1/me/notifications", ann.token()).body().get("level").asText()).isEqualTo("all");
        assertThat(api.get("/api/v1/me/notifications", null).status()).isEqualTo(401);
    }

    private void assertRefused(Object body, String field) {
        Api.Res r = api.call("PUT", "/api/v1/me/notifications", ann.token(), body);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo("validation_failed");
        assertThat(r.body().get("detail").asText()).contains(field);
    }

    @Test
    void aMuteShowsInTheConversationView() {
        api.follow(bob, ann);
        String dm = api.open(ann, bob);
        JsonNode v = api.call("PUT", "/api/v1/conversations/" + dm + "/notifications", bob.token(),
                Map.of("muted_until", "2999-01-01T00:00:00Z")).expect(200).body();
        assertThat(v.get("muted").asBoolean()).isTrue();
        assertThat(v.get("muted_until").asText()).isEqualTo("2999-01-01T00:00:00Z");
        assertThat(api.get("/api/v1/conversations/" + dm, bob.token()).body().get("muted_until").asText())
                .isEqualTo("2999-01-01T00:00:00Z");
        // The mute is bob's alone.
        assertThat(api.get("/api/v1/conversations/" + dm, ann.token()).body().get("muted").asBoolean()).isFalse();

        api.call("PUT", "/api/v1/conversations/" + dm + "/notifications", bob.token(), Map.of("muted_until", "forever"))
                .expect(200);
        assertThat(api.get("/api/v1/conversations/" + dm, bob.token()).body().get("muted_until").asText())
                .isEqualTo("forever");
        // A time already past is simply not muted.
        JsonNode past = api.call("PUT", "/api/v1/conversations/" + dm + "/notifications", bob.token(),
                Map.of("muted_until", "2001-01-01T00:00:00Z")).expect(200).body();
        assertThat(past.get("muted").asBoolean()).isFalse();
        assertThat(past.get("muted_until").isNull()).isTrue();

        Api.Res bad = api.call("PUT", "/api/v1/conversations/" + dm + "/notifications", bob.token(),
                Map.of("muted_until", "tomorrow"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("detail").asText()).contains("'muted_until'");
    }

    @Test
    void strangersAndRemovedMembersGetTheSameNotFoundAsAnUnknownId() {
        Person cat = api.signUp("cat" + n);
        api.follow(bob, ann);
        api.follow(cat, ann);
        String group = api.open(ann, bob, cat);
        Map<String, Object> body = Map.of("muted_until", "forever");
        Api.Res unknown = api.call("PUT", "/api/v1/conversations/c-nosuchthing/notifications", bob.token(), body);
        assertThat(unknown.status()).isEqualTo(404);

        Person stranger = api.signUp("stranger" + n);
        Api.Res strangers = api.call("PUT", "/api/v1/conversations/" + group + "/notifications", stranger.token(), body);
        assertThat(strangers.status()).isEqualTo(404);
        assertThat(strangers.body()).isEqualTo(unknown.body());

        api.delete("/api/v1/conversations/" + group + "/members/" + cat.id(), ann.token()).expect(204);
        Api.Res removed = api.call("PUT", "/api/v1/conversations/" + group + "/notifications", cat.token(), body);
        assertThat(removed.status()).isEqualTo(404);
        assertThat(removed.body()).isEqualTo(unknown.body());
    }
}
