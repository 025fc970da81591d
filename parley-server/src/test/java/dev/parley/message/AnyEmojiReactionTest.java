package dev.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any single emoji is a reaction (skin tones, ZWJ sequences, flags, keycaps), anything else is a
 * problem, and members can see who reacted with what; a stranger gets the unknown message's 404.
 */
class AnyEmojiReactionTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private static String path(String messageId, String emoji) {
        return "/api/v1/messages/" + messageId + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void anyOneEmojiIsAReactionAndOtherTextIsRefused() {
        Person ann = api.signUp("ann_emo1");
        Person bob = api.signUp("bob_emo1");
        api.setDmPolicy(bob, "everyone");
        String conv = api.open(ann, bob);
        String id = api.send(ann, conv, "Summit at 9!").expect(201).body().get("id").asText();
        for (String e : new String[] {"🦜", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🇮🇹", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣", "❤️", "☕"}) {
            JsonNode m = api.put(path(id, e), ann.token()).expect(200).body();
            assertThat(m.at("/reactions").has(e)).as(e).isTrue();
        }
        for (String bad : new String[] {"ok", "+1", "👍👍", "🇮", "a👍", "👍 ", "‍👍"}) {
            Api.Res r = api.put(path(id, bad), ann.token()).expect(422);
            assertThat(r.code()).as(bad).isEqualTo("validation_failed");
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void membersSeeWhoReactedWithWhatAndStrangersSeeNothing() {
        Person ann = api.signUp("ann_emo2");
        Person bob = api.signUp("bob_emo2");
        Person eve = api.signUp("eve_emo2");
        api.setDmPolicy(bob, "everyone");
        String conv = api.open(ann, bob);
        String id = api.send(ann, conv, "Pizza tonight?").expect(201).body().get("id").asText();
        api.put(path(id, "🍕"), bob.token()).expect(200);
        api.put(path(id, "🍕"), ann.token()).expect(200);
        api.put(path(id, "🎉"), bob.token()).expect(200);

        JsonNode r = api.get("/api/v1/messages/" + id + "/reactions", ann.token()).expect(200).body().get("reactions");
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.get(0).get("emoji").asText()).isEqualTo("🍕");
        assertThat(r.get(0).get("account_ids").toString()).isEqualTo("[\"" + bob.id() + "\",\"" + ann.id() + "\"]");
        assertThat(r.get(1).get("emoji").asText()).isEqualTo("🎉");

        Api.Res stranger = api.get("/api/v1/messages/" + id + "/reactions", eve.token()).expect(404);
        Api.Res unknown = api.get("/api/v1/messages/" + id.substring(0, id.lastIndexOf('.')) + ".999/reactions", eve.token()).expect(404);
        assertThat(stranger.raw()).isEqualTo(unknown.raw());
    }
}
