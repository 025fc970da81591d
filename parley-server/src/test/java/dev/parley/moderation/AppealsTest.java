package dev.parley.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An appeal (issue 19, point 2) is one message from a moderated account to the moderators. */
class AppealsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    record Pair(Person ann, Person bob, Person mod) {}

    private static Pair pair() {
        Person ann = api.signUp("appa");
        Person bob = api.signUp("appb");
        Person mod = api.signUp("appm");
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(mod.id(), true);
        return new Pair(ann, bob, mod);
    }

    private static Api.Res act(Person mod, String action, Person target, String reason) {
        return api.post("/api/v1/moderation/actions", mod.token(), Map.of("action", action,
                "target", Map.of("kind", "account", "id", target.id()), "reason", reason));
    }

    private static Api.Res appeal(Person p, String text) {
        return api.post("/api/v1/me/moderation/appeal", p.token(), Map.of("text", text));
    }

    private static JsonNode appealOf(Person mod, Person p) {
        for (JsonNode a : api.get("/api/v1/moderation/appeals", mod.token()).expect(200).body().get("items")) {
            if (a.at("/account/id").asText().equals(p.id())) {
                return a;
            }
        }
        return null;
    }

    @Test
    void aModeratedAccountSendsOneAppealThatModeratorsReadUntilTheyActAgain() {
        Pair p = pair();
        Api.Res nothing = appeal(p.bob(), "why?");
        assertThat(nothing.status()).isEqualTo(409);
        assertThat(nothing.code()).isEqualTo("nothing_to_appeal");

        act(p.mod(), "warn", p.bob(), "rude to ann").expect(200);
        Api.Res sent = appeal(p.bob(), "It was a joke between friends");
        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.body().get("status").asText()).isEqualTo("open");
        Api.Res again = appeal(p.bob(), "Please look");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("appeal_open");
        assertThat(api.get("/api/v1/me/moderation", p.bob().token()).expect(200).body().at("/appeal/status").asText())
                .isEqualTo("open");

        JsonNode seen = appealOf(p.mod(), p.bob());
        assertThat(seen).isNotNull();
        assertThat(seen.get("text").asText()).isEqualTo("It was a joke between friends");
        assertThat(seen.at("/notice/action").asText()).isEqualTo("warn");
        assertThat(api.get("/api/v1/moderation/appeals", p.ann().token()).status()).isEqualTo(404);
        Api.Res empty = api.post("/api/v1/me/moderation/appeal", p.ann().token(), Map.of("text", " "));
        assertThat(empty.status()).isEqualTo(422);

        act(p.mod(), "lift", p.bob(), "fair enough").expect(200);
        assertThat(appealOf(p.mod(), p.bob())).isNull();
        assertThat(api.get("/api/v1/me/moderation", p.bob().token()).expect(200).body().get("appeal").isNull()).isTrue();
    }
}
