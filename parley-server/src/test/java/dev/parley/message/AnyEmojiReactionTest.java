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

    @Test
    void anEmojiWithOrWithoutItsPresentationSelectorIsOneReaction() {
        Person ann = api.signUp("ann_emo3");
        Person bob = api.signUp("bob_emo3");
        api.setDmPolicy(bob, "everyone");
        String conv = api.open(ann, bob);
        String id = api.send(ann, conv, "Lunch?").expect(201).body().get("id").asText();
        api.put(path(id, "\u2764"), bob.token()).expect(200);
        JsonNode m = api.put(path(id, "\u2764\uFE0F"), bob.token()).expect(200).body();
        assertThat(m.at("/reactions").size()).isEqualTo(1);
        assertThat(m.at("/reactions/\u2764\uFE0F/count").asInt()).isEqualTo(1);
        api.put(path(id, "\u2764\uFE0F"), ann.token()).expect(200);
        JsonNode who = api.get("/api/v1/messages/" + id + "/reactions", ann.token()).expect(200).body().get("reactions");
        assertThat(who.size()).isEqualTo(1);
        assertThat(who.get(0).get("emoji").asText()).isEqualTo("\u2764\uFE0F");
        assertThat(who.get(0).get("account_ids").size()).isEqualTo(2);

        // Taking it back in the other form takes back the one reaction.
        m = api.delete(path(id, "\u2764"), bob.token()).expect(200).body();
        assertThat(m.at("/reactions/\u2764\uFE0F/count").asInt()).isEqualTo(1);
        assertThat(m.at("/reactions/\u2764\uFE0F/mine").asBoolean()).isFalse();

        // An emoji shown as emoji by default is stored without the selector; a keycap always has it.
        assertThat(api.put(path(id, "\u2B50\uFE0F"), bob.token()).expect(200).body().at("/reactions").has("\u2B50")).isTrue();
        assertThat(api.put(path(id, "1\u20E3"), bob.token()).expect(200).body().at("/reactions").has("1\uFE0F\u20E3")).isTrue();
        JsonNode thumbs = api.put(path(id, "\uD83D\uDC4D\uD83C\uDFFD"), bob.token()).expect(200).body().at("/reactions");
        assertThat(thumbs.has("\uD83D\uDC4D\uD83C\uDFFD")).as("a skin tone takes no selector").isTrue();
    }

    @Test
    void onePersonPutsAtMostTenDifferentReactionsOnAMessage() {
        Person ann = api.signUp("ann_emo4");
        Person bob = api.signUp("bob_emo4");
        api.setDmPolicy(bob, "everyone");
        String conv = api.open(ann, bob);
        String id = api.send(ann, conv, "Vote!").expect(201).body().get("id").asText();
        String[] ten = {"😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊"};
        for (String e : ten) {
            api.put(path(id, e), bob.token()).expect(200);
        }
        Api.Res eleventh = api.put(path(id, "😋"), bob.token()).expect(422);
        assertThat(eleventh.code()).isEqualTo("too_many_reactions");
        assertThat(eleventh.body().get("detail").asText()).contains("10");
        api.put(path(id, "😀"), bob.token()).expect(200); // one already there is no new reaction
        api.put(path(id, "😋"), ann.token()).expect(200); // the cap is each person's own

        api.delete(path(id, "😀"), bob.token()).expect(200);
        JsonNode m = api.put(path(id, "😋"), bob.token()).expect(200).body();
        assertThat(m.at("/reactions/😋/count").asInt()).isEqualTo(2);
    }
}
