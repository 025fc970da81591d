package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hidden words in accepted conversations (issue 19, point 3): a person who applies their hidden
 * words everywhere gets matching messages folded ({@code hidden: true}, text kept for tap to show),
 * live and in history; the sender and everyone else see them as usual.
 */
class HiddenWordsEverywhereTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;

    private static Person person(String tag) {
        return api.signUp(tag + "w" + (++n));
    }

    private static void hide(Person p, String word) {
        api.patch("/api/v1/me", p.token(), Map.of("settings", Map.of("hidden_words", List.of(word)))).expect(200);
    }

    private static Map<String, JsonNode> historyByText(String conversation, Person viewer) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        api.get("/api/v1/conversations/" + conversation + "/messages", viewer.token()).expect(200).body().get("items")
                .forEach(m -> out.put(m.get("text").asText(), m));
        return out;
    }

    private static List<JsonNode> created(Person p) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/sync?since=0&limit=500", p.token()).expect(200).body().get("events").forEach(e -> {
            if (e.get("type").asText().equals("message.created")) {
                out.add(e.at("/data/message").isMissingNode() ? e.at("/message") : e.at("/data/message"));
            }
        });
        return out;
    }

    @Test
    void whoAppliesHiddenWordsEverywhereSeesMatchingMessagesFoldedInAcceptedConversations() {
        Person ann = person("ann");
        Person bob = person("bob");
        Person cat = person("cat");
        for (Person p : List.of(ann, cat)) {
            hide(p, "spoiler");
            api.befriend(p, bob);
        }
        assertThat(api.get("/api/v1/me/hidden_words", ann.token()).expect(200).body().get("apply_to").asText())
                .isEqualTo("requests");
        Api.Res bad = api.call("PUT", "/api/v1/me/hidden_words", ann.token(), Map.of("apply_to", "everything"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.code()).isEqualTo("validation_failed");
        api.call("PUT", "/api/v1/me/hidden_words", ann.token(), Map.of("apply_to", "all")).expect(200);
        assertThat(api.get("/api/v1/me/hidden_words", ann.token()).expect(200).body().get("apply_to").asText())
                .isEqualTo("all");

        String withAnn = api.open(bob, ann);
        String withCat = api.open(bob, cat);
        for (String c : List.of(withAnn, withCat)) {
            api.send(bob, c, "huge Spoiler ahead").expect(201);
            api.send(bob, c, "just hello").expect(201);
        }

        // Ann applies them everywhere: folded for her, text kept for tap to show, live and in history.
        Map<String, JsonNode> annSees = historyByText(withAnn, ann);
        assertThat(annSees.get("huge Spoiler ahead").path("hidden").asBoolean()).isTrue();
        assertThat(annSees.get("just hello").has("hidden")).isFalse();
        List<JsonNode> live = created(ann);
        assertThat(live).anyMatch(m -> m.get("text").asText().equals("huge Spoiler ahead") && m.path("hidden").asBoolean());
        assertThat(live).noneMatch(m -> m.get("text").asText().equals("just hello") && m.has("hidden"));
        // Cat keeps the default (requests only); Bob, the sender, never sees it folded.
        assertThat(historyByText(withCat, cat).get("huge Spoiler ahead").has("hidden")).isFalse();
        assertThat(created(cat)).noneMatch(m -> m.has("hidden"));
        assertThat(historyByText(withAnn, bob).get("huge Spoiler ahead").has("hidden")).isFalse();
        assertThat(created(bob)).noneMatch(m -> m.has("hidden"));
    }

    @Test
    void aConversationsLastMessageFollowsTheSameRuleAsHistory() {
        Person ann = person("ann");
        Person bob = person("bob");
        Person cat = person("cat");
        hide(ann, "crypto");
        hide(cat, "crypto"); // requests only: nothing folded in an accepted conversation
        api.call("PUT", "/api/v1/me/hidden_words", ann.token(), Map.of("apply_to", "all")).expect(200);
        api.befriend(ann, bob);
        api.befriend(cat, bob);
        String withAnn = api.open(bob, ann);
        String withCat = api.open(bob, cat);
        String id = api.send(bob, withAnn, "hello there").expect(201).body().get("id").asText();
        api.send(bob, withCat, "buy crypto now").expect(201);
        api.patch("/api/v1/messages/" + id, bob.token(), Map.of("text", "buy crypto now")).expect(200);

        JsonNode one = api.get("/api/v1/conversations/" + withAnn, ann.token()).expect(200).body();
        assertThat(one.at("/last_message/text").asText()).isEqualTo("buy crypto now");
        assertThat(one.at("/last_message/hidden").asBoolean()).isTrue();
        JsonNode listed = null;
        for (JsonNode c : api.get("/api/v1/conversations", ann.token()).expect(200).body().get("items")) {
            if (c.get("id").asText().equals(withAnn)) {
                listed = c;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.at("/last_message/hidden").asBoolean()).isTrue();
        // The sender's preview and that of someone who hides in requests only are as they were.
        assertThat(api.get("/api/v1/conversations/" + withAnn, bob.token()).expect(200).body()
                .at("/last_message").has("hidden")).isFalse();
        assertThat(api.get("/api/v1/conversations/" + withCat, cat.token()).expect(200).body()
                .at("/last_message").has("hidden")).isFalse();
    }
}
