package dev.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.MutableClock;
import dev.parley.testing.NodeFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a message's text and client_id may be, and how a short edit window is told, as the outside probe found them. */
class MessageTextRulesTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off", "rules.edit_window", "5s",
            "rules.unsend_window", "90s"), CLOCK);
    static final Api api = NODE.api();
    static Person ann;
    static Person bob;
    static String dm;

    @BeforeAll
    static void start() {
        ann = api.signUp("ann");
        bob = api.signUp("bob");
        api.befriend(bob, ann);
        dm = api.open(ann, bob);
    }

    private static Api.Res send(String clientId, String text) {
        return api.post("/api/v1/conversations/" + dm + "/messages", ann.token(), Map.of("client_id", clientId, "text", text));
    }

    @Test
    void aClientIdIsCountedInCharacters() {
        // 33 emoji are 66 UTF-16 units: refused as over "1 to 64 characters" while text counts code points.
        send("\uD83D\uDE00".repeat(33), "hi").expect(201);
        send("\uD83D\uDE00".repeat(64), "hello").expect(201);
        Api.Res over = send("\uD83D\uDE00".repeat(65), "hey");
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.body().get("detail").asText()).contains("client_id");
    }

    @Test
    void aMessageOfInvisibleCharactersIsRefusedAsABlankOne() {
        // Each showed as an empty bubble, while names and titles took the same input as empty.
        for (String invisible : List.of("\u200B\u200B\u2060", "\uFEFF", "\uFE0F", "\u200D", "\u3164", " \u200B\n\u2800")) {
            Api.Res r = send("inv-" + invisible.hashCode(), invisible);
            assertThat(r.status()).as(r.raw()).isEqualTo(422);
            assertThat(r.code()).isEqualTo("validation_failed");
            assertThat(r.body().get("detail").asText()).contains("text");
        }
        String id = send("vis-1", "ok").expect(201).body().get("id").asText();
        assertThat(api.patch("/api/v1/messages/" + id, ann.token(), Map.of("text", "\u200B")).status()).isEqualTo(422);
        // Visible content, with invisible characters around it or inside an emoji sequence, is kept as sent.
        for (String visible : List.of("\u200Bhi", "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u2764\uFE0F", "\u0627\u0644")) {
            Api.Res r = send("vis-" + visible.hashCode(), visible);
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
            assertThat(r.body().get("text").asText()).isEqualTo(visible);
        }
    }

    @Test
    void aShortEditWindowIsToldInSeconds() {
        String id = send("win-1", "helo").expect(201).body().get("id").asText();
        CLOCK.advance(Duration.ofSeconds(6));
        Api.Res late = api.patch("/api/v1/messages/" + id, ann.token(), Map.of("text", "hello"));
        assertThat(late.code()).isEqualTo("edit_window_closed");
        assertThat(late.body().get("detail").asText()).contains("5 seconds").doesNotContain("0 minutes");
        CLOCK.advance(Duration.ofSeconds(90));
        Api.Res gone = api.delete("/api/v1/messages/" + id, ann.token());
        assertThat(gone.code()).isEqualTo("unsend_window_closed");
        assertThat(gone.body().get("detail").asText()).contains("90 seconds");
    }
}
