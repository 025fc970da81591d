package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member added to a group later, or added again after being removed, reads it from the line that
 * added them: what was said before (above all while they were out) is not theirs to read, by
 * history, search, id, reactions or a reply, and counts nothing unread.
 */
class JoinedViewTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private static List<String> history(Person who, String group) {
        List<String> out = new ArrayList<>();
        api.get("/api/v1/conversations/" + group + "/messages", who.token()).expect(200).body().get("items")
                .forEach(m -> out.add(m.get("text").asText()));
        return out;
    }

    private static String sent(Person from, String group, String text) {
        return api.send(from, group, text).expect(201).body().get("id").asText();
    }

    private static void add(Person by, String group, Person who) {
        api.post("/api/v1/conversations/" + group + "/members", by.token(), Map.of("account_ids", List.of(who.id())))
                .expect(200);
    }

    @Test
    void oneAddedBackAfterARemovalReadsNothingSaidWhileTheyWereOut() {
        Person ann = api.signUp("ann_jv");
        Person bob = api.signUp("bob_jv");
        Person cat = api.signUp("cat_jv");
        api.setDmPolicy(bob, "everyone");
        api.setDmPolicy(cat, "everyone");
        String group = api.open(ann, bob, cat);
        sent(ann, group, "hi all");
        api.delete("/api/v1/conversations/" + group + "/members/" + cat.id(), ann.token()).expect(204);
        String secret = sent(ann, group, "surprise party for cat on Friday");
        sent(bob, group, "I'll bring cake");
        Eventually.await("the search index has the secret", Duration.ofSeconds(10),
                () -> api.get("/api/v1/search/messages?q=surprise", bob.token()).body().get("items").size() == 1);

        add(ann, group, cat);

        assertThat(String.join("|", history(cat, group))).doesNotContain("surprise").doesNotContain("cake")
                .doesNotContain("hi all").endsWith("added Cat_jv");
        assertThat(api.get("/api/v1/search/messages?q=surprise", cat.token()).body().get("items")).isEmpty();
        String unknown = api.get("/api/v1/messages/" + secret.replaceAll("\\.\\d+$", ".999"), cat.token())
                .expect(404).raw();
        assertThat(api.get("/api/v1/messages/" + secret, cat.token()).expect(404).raw()).isEqualTo(unknown);
        assertThat(api.get("/api/v1/messages/" + secret + "/reactions", cat.token()).expect(404).raw()).isEqualTo(unknown);
        JsonNode view = api.get("/api/v1/conversations/" + group, cat.token()).expect(200).body();
        assertThat(view.get("unread_count").asLong()).isZero();
        assertThat(view.get("last_message").get("text").asText()).endsWith("added Cat_jv");

        sent(bob, group, "welcome back");
        assertThat(history(cat, group)).last().isEqualTo("welcome back");
        assertThat(history(bob, group)).contains("surprise party for cat on Friday", "hi all");
    }

    @Test
    void aNewMemberReadsFromTheLineThatAddedThem() {
        Person ann = api.signUp("ann_jvn");
        Person bob = api.signUp("bob_jvn");
        Person dan = api.signUp("dan_jvn");
        api.setDmPolicy(bob, "everyone");
        api.setDmPolicy(dan, "everyone");
        String group = api.post("/api/v1/conversations", ann.token(),
                Map.of("member_ids", List.of(bob.id()), "title", "Plans")).expect(201).body().get("id").asText();
        sent(ann, group, "before dan");

        add(bob, group, dan);
        sent(ann, group, "hello dan");

        assertThat(history(dan, group)).hasSize(2).last().isEqualTo("hello dan");
        assertThat(history(dan, group).get(0)).endsWith("added Dan_jvn");
        assertThat(api.get("/api/v1/me/unread", dan.token()).body().get("messages").asLong()).isEqualTo(1);
    }
}
