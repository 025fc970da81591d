package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member's own actions on a conversation (issue 21 point 7): pin, archive, mark as unread and
 * delete for me change only that member's view, and reach their other devices through their log.
 */
class MemberActionsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;

    record Four(Person ann, Person bob, Person cat, Person dan, String withBob, String withCat, String withDan) {}

    /** Ann talks to Bob, then Cat, then Dan: her inbox lists Dan, Cat, Bob. */
    static Four four() {
        n++;
        Person ann = api.signUp("ann" + n);
        Person bob = api.signUp("bob" + n);
        Person cat = api.signUp("cat" + n);
        Person dan = api.signUp("dan" + n);
        List<String> ids = new ArrayList<>();
        for (Person p : List.of(bob, cat, dan)) {
            api.setDmPolicy(p, "everyone");
            api.setDmPolicy(ann, "everyone");
            String c = api.open(ann, p);
            api.send(ann, c, "hi " + p.handle()).expect(201);
            api.send(p, c, "hello ann").expect(201);
            ids.add(c);
        }
        return new Four(ann, bob, cat, dan, ids.get(0), ids.get(1), ids.get(2));
    }

    static List<String> inbox(Person p, String query) {
        List<String> out = new ArrayList<>();
        api.get("/api/v1/conversations" + query, p.token()).expect(200).body().get("items")
                .forEach(c -> out.add(c.get("id").asText()));
        return out;
    }

    static JsonNode me(Person p, String conversationId, Map<String, Object> body) {
        return api.patch("/api/v1/conversations/" + conversationId + "/me", p.token(), body).expect(200).body();
    }

    @Test
    void pinnedConversationsComeFirstOnTheFirstPageOnly() {
        Four f = four();
        assertThat(inbox(f.ann(), "")).containsExactly(f.withDan(), f.withCat(), f.withBob());
        assertThat(me(f.ann(), f.withBob(), Map.of("pinned", true)).get("pinned").asBoolean()).isTrue();
        assertThat(inbox(f.ann(), "")).containsExactly(f.withBob(), f.withDan(), f.withCat());
        assertThat(inbox(f.bob(), "").get(0)).isEqualTo(f.withBob());
        assertThat(api.get("/api/v1/conversations/" + f.withBob(), f.bob().token()).body().get("pinned").asBoolean())
                .as("Bob's view is his own").isFalse();
        JsonNode first = api.get("/api/v1/conversations?limit=1", f.ann().token()).expect(200).body();
        List<String> seen = new ArrayList<>();
        first.get("items").forEach(c -> seen.add(c.get("id").asText()));
        seen.addAll(inbox(f.ann(), "?limit=5&cursor=" + first.get("next_cursor").asText()));
        assertThat(seen).containsExactly(f.withBob(), f.withDan(), f.withCat());
        me(f.ann(), f.withBob(), Map.of("pinned", false));
        assertThat(inbox(f.ann(), "")).containsExactly(f.withDan(), f.withCat(), f.withBob());
    }

    @Test
    void archivedConversationsComeBackWithANewMessageUnlessMuted() {
        Four f = four();
        me(f.ann(), f.withCat(), Map.of("archived", true));
        me(f.ann(), f.withDan(), Map.of("archived", true));
        api.call("PUT", "/api/v1/conversations/" + f.withDan() + "/notifications", f.ann().token(), Map.of("muted_until", "forever"))
                .expect(200);
        // A number is the wrong type: the body's mistake (400), as the conventions say, not a value out of range.
        Api.Res wrongType = api.call("PUT", "/api/v1/conversations/" + f.withDan() + "/notifications", f.ann().token(),
                Map.of("muted_until", 5));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.code()).isEqualTo("validation_failed");
        assertThat(inbox(f.ann(), "")).containsExactly(f.withBob());
        assertThat(inbox(f.ann(), "?folder=archived")).containsExactly(f.withDan(), f.withCat());
        api.send(f.cat(), f.withCat(), "are you there?").expect(201);
        api.send(f.dan(), f.withDan(), "me too?").expect(201);
        assertThat(inbox(f.ann(), "")).containsExactly(f.withCat(), f.withBob());
        assertThat(inbox(f.ann(), "?folder=archived")).containsExactly(f.withDan());
        JsonNode back = api.get("/api/v1/conversations/" + f.withCat(), f.ann().token()).body();
        assertThat(back.get("archived").asBoolean()).isFalse();
    }

    @Test
    void markedUnreadCountsOneUntilRead() {
        Four f = four();
        JsonNode read = api.get("/api/v1/conversations/" + f.withBob(), f.ann().token()).body();
        api.post("/api/v1/conversations/" + f.withBob() + "/read", f.ann().token(), Map.of("seq", read.get("last_seq").asLong()))
                .expect(200);
        for (String c : List.of(f.withCat(), f.withDan())) {
            api.post("/api/v1/conversations/" + c + "/read", f.ann().token(), Map.of("seq", 99)).expect(200);
        }
        assertThat(api.get("/api/v1/me/unread", f.ann().token()).body().get("conversations").asLong()).isZero();
        JsonNode marked = me(f.ann(), f.withBob(), Map.of("unread", true));
        assertThat(marked.get("unread_count").asLong()).isEqualTo(1);
        assertThat(marked.get("marked_unread").asBoolean()).isTrue();
        JsonNode total = api.get("/api/v1/me/unread", f.ann().token()).expect(200).body();
        assertThat(total.get("conversations").asLong()).isEqualTo(1);
        assertThat(total.get("messages").asLong()).isEqualTo(1);
        api.send(f.cat(), f.withCat(), "one").expect(201);
        api.send(f.cat(), f.withCat(), "two").expect(201);
        total = api.get("/api/v1/me/unread", f.ann().token()).expect(200).body();
        assertThat(total.get("conversations").asLong()).isEqualTo(2);
        assertThat(total.get("messages").asLong()).isEqualTo(3);
        api.post("/api/v1/conversations/" + f.withBob() + "/read", f.ann().token(), Map.of("seq", read.get("last_seq").asLong()))
                .expect(200);
        JsonNode after = api.get("/api/v1/conversations/" + f.withBob(), f.ann().token()).body();
        assertThat(after.get("unread_count").asLong()).isZero();
        assertThat(after.get("marked_unread").asBoolean()).isFalse();
    }

    @Test
    void deleteForMeHidesTheConversationAndItsMessagesFromMeAloneUntilANewMessage() {
        Four f = four();
        String search = "/api/v1/search/messages?q=hello&conversation_id=" + f.withBob();
        Eventually.await("the search index has Bob's message", java.time.Duration.ofSeconds(10),
                () -> api.get(search, f.ann().token()).body().get("items").size() == 1);
        JsonNode deleted = me(f.ann(), f.withBob(), Map.of("deleted", true));
        assertThat(deleted.get("cleared_seq").asLong()).isEqualTo(2);
        assertThat(inbox(f.ann(), "")).containsExactly(f.withDan(), f.withCat());
        assertThat(api.get("/api/v1/conversations/" + f.withBob() + "/messages", f.ann().token()).body().get("items"))
                .isEmpty();
        assertThat(api.get("/api/v1/conversations/" + f.withBob() + "/messages", f.bob().token()).body().get("items"))
                .as("Bob keeps every message").hasSize(2);
        assertThat(api.get(search, f.ann().token()).body().get("items")).as("nor does search find it").isEmpty();
        assertThat(api.get(search, f.bob().token()).body().get("items")).hasSize(1);
        api.send(f.bob(), f.withBob(), "still friends?").expect(201);
        assertThat(inbox(f.ann(), "").get(0)).isEqualTo(f.withBob());
        JsonNode history = api.get("/api/v1/conversations/" + f.withBob() + "/messages", f.ann().token()).body();
        assertThat(history.get("items")).hasSize(1);
        assertThat(history.get("items").get(0).get("text").asText()).isEqualTo("still friends?");
        assertThat(history.get("has_more").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/conversations/" + f.withBob() + "/messages?after=0", f.ann().token()).body()
                .get("items")).hasSize(1);
    }

    @Test
    void aMessageDeletedForMeIsAnUnknownMessageToMeByIdAndStaysThereForTheOther() {
        Four f = four();
        String mine = "m-" + f.withBob().substring(2) + ".1";
        String bobs = "m-" + f.withBob().substring(2) + ".2";
        String unknown = api.get("/api/v1/messages/m-" + f.withBob().substring(2) + ".999", f.ann().token())
                .expect(404).raw();
        me(f.ann(), f.withBob(), Map.of("deleted", true));
        for (String id : List.of(mine, bobs)) {
            assertThat(api.get("/api/v1/messages/" + id, f.ann().token()).expect(404).raw()).isEqualTo(unknown);
            assertThat(api.get("/api/v1/messages/" + id + "/reactions", f.ann().token()).expect(404).raw())
                    .isEqualTo(unknown);
            assertThat(api.put("/api/v1/messages/" + id + "/reactions/%F0%9F%91%8D", f.ann().token()).expect(404).raw())
                    .isEqualTo(unknown);
            assertThat(api.get("/api/v1/messages/" + id, f.bob().token()).expect(200).body().get("text").asText())
                    .startsWith("h");
        }
        Api.Res reply = api.post("/api/v1/conversations/" + f.withBob() + "/messages", f.ann().token(),
                Map.of("client_id", "reply-" + n, "text", "about that", "reply_to", bobs));
        Api.Res replyToNone = api.post("/api/v1/conversations/" + f.withBob() + "/messages", f.ann().token(),
                Map.of("client_id", "reply-none-" + n, "text", "about that", "reply_to", mine.replace(".1", ".999")));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.raw()).isEqualTo(replyToNone.raw());
        String fresh = api.send(f.bob(), f.withBob(), "a new one").expect(201).body().get("id").asText();
        assertThat(api.get("/api/v1/messages/" + fresh, f.ann().token()).expect(200).body().get("text").asText())
                .isEqualTo("a new one");
    }

    @Test
    void theMembersOtherDevicesHearEachChangeAndTheOtherMembersHearNothing() {
        Four f = four();
        String annSince = api.get("/api/v1/sync", f.ann().token()).body().get("next").asText();
        String bobSince = api.get("/api/v1/sync", f.bob().token()).body().get("next").asText();
        me(f.ann(), f.withBob(), Map.of("pinned", true, "unread", true));
        JsonNode events = api.get("/api/v1/sync?since=" + annSince, f.ann().token()).expect(200).body().get("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("type").asText()).isEqualTo("conversation.updated");
        assertThat(events.get(0).toString()).contains("\"pinned\":true").contains("\"marked_unread\":true");
        assertThat(api.get("/api/v1/sync?since=" + bobSince, f.bob().token()).body().get("events")).isEmpty();
    }

    @Test
    void badBodiesAreRefusedWithAStableCode() {
        Four f = four();
        String path = "/api/v1/conversations/" + f.withBob() + "/me";
        assertThat(api.patch(path, f.ann().token(), Map.of()).code()).isEqualTo("validation_failed");
        assertThat(api.patch(path, f.ann().token(), Map.of("deleted", false)).code()).isEqualTo("validation_failed");
        assertThat(api.patch(path, f.ann().token(), Map.of("pinned", "yes")).status()).isEqualTo(400);
    }
}
