package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.notify.NotificationNeeded;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import dev.parley.testing.Verdicts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A group's life as lines in its thread (issue 21 point 5): created, renamed, added, removed and
 * left each make exactly one {@code system} message, in order, in history and sync; none is
 * unread or notified or found by search; a removed member gets the line that removed them and
 * nothing after; a retried change adds no second line; and the request names who added you.
 */
class SystemLinesTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final Verdicts verdicts = new Verdicts();
    static TestNode node;
    static Api api;
    static int n;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("notify.delay", "0ms"), Clock.systemUTC(), List.of(verdicts));
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static Person person(String name) {
        Person p = api.signUp(name + "_sl" + (++n));
        api.setDmPolicy(p, "everyone"); // groups land in their inbox
        return p;
    }

    private static List<JsonNode> history(Person who, String group) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/conversations/" + group + "/messages?limit=100", who.token()).expect(200).body()
                .get("items").forEach(out::add);
        out.sort((a, b) -> Long.compare(a.get("seq").asLong(), b.get("seq").asLong()));
        return out;
    }

    private static List<JsonNode> syncedMessages(Person who, String group) {
        return synced(who, group, "message.created").stream().map(d -> d.get("message")).toList();
    }

    /** The data of the group's events of one type in the account's sync from the start, in order. */
    private static List<JsonNode> synced(Person who, String group, String type) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode page = api.get("/api/v1/sync?limit=1000&since=0", who.token()).expect(200).body();
        page.get("events").forEach(e -> {
            if (type.equals(e.get("type").asText()) && group.equals(e.get("conversation_id").asText())) {
                out.add(e.get("data"));
            }
        });
        return out;
    }

    private static List<String> events(List<JsonNode> lines) {
        return lines.stream().map(m -> m.at("/system/event").asText()).toList();
    }

    private static String newGroup(Person by, String title, Person... others) {
        List<String> ids = java.util.Arrays.stream(others).map(Person::id).toList();
        return api.post("/api/v1/conversations", by.token(), Map.of("member_ids", ids, "title", title))
                .expect(201).body().get("id").asText();
    }

    @Test
    void eachChangeOfAGroupIsOneSystemLineInOrderForEveryMember() {
        Person ann = person("ann");
        Person bob = person("bob");
        Person cat = person("cat");
        Person dave = person("dave");
        String group = newGroup(ann, "Trip", bob, cat);
        api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", "Beach")).expect(200);
        api.post("/api/v1/conversations/" + group + "/members", ann.token(), Map.of("account_ids", List.of(dave.id())))
                .expect(200);
        api.delete("/api/v1/conversations/" + group + "/members/" + cat.id(), ann.token()).expect(204);
        api.delete("/api/v1/conversations/" + group + "/members/" + dave.id(), dave.token()).expect(204);

        List<JsonNode> lines = history(bob, group);
        assertThat(events(lines)).containsExactly("created", "renamed", "member_added", "member_removed", "member_left");
        assertThat(lines).allSatisfy(m -> {
            assertThat(m.get("author_kind").asText()).isEqualTo("system");
            assertThat(m.at("/system/actor").asText()).isNotEmpty();
        });
        assertThat(lines.stream().map(m -> m.get("seq").asLong()).toList()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(lines.get(0).at("/system/title").asText()).isEqualTo("Trip");
        assertThat(lines.get(1).at("/system/title").asText()).isEqualTo("Beach");
        assertThat(lines.get(1).get("text").asText()).endsWith("named the group Beach");
        assertThat(lines.get(2).at("/system/actor").asText()).isEqualTo(ann.id());
        assertThat(lines.get(2).at("/system/target").asText()).isEqualTo(dave.id());
        assertThat(lines.get(3).at("/system/target").asText()).isEqualTo(cat.id());
        assertThat(lines.get(4).at("/system/actor").asText()).isEqualTo(dave.id());
        assertThat(lines.get(4).get("text").asText()).endsWith(" left");

        // Sync carries the same lines, once each and in order.
        assertThat(events(syncedMessages(bob, group)))
                .containsExactly("created", "renamed", "member_added", "member_removed", "member_left");
        // Those who left get the line that ended their membership and nothing after it.
        assertThat(events(syncedMessages(cat, group))).containsExactly("created", "renamed", "member_added",
                "member_removed");
        assertThat(events(syncedMessages(dave, group))).containsExactly("member_added", "member_removed", "member_left");
        api.send(ann, group, "after they went").expect(201);
        assertThat(syncedMessages(cat, group)).hasSize(4);
        api.get("/api/v1/conversations/" + group + "/messages", cat.token()).expect(404);
        api.get("/api/v1/conversations/" + group, dave.token()).expect(404);
    }

    @Test
    void whenTheLastAdminLeavesTheLongestStandingMemberBecomesAdmin() {
        // The group's maker left and nobody could remove a member again: no one was admin.
        Person ann = person("ann");
        Person bob = person("bob");
        Person cat = person("cat");
        Person dave = person("dave");
        String group = newGroup(ann, "Trip", bob, cat);
        api.post("/api/v1/conversations/" + group + "/members", ann.token(), Map.of("account_ids", List.of(dave.id())))
                .expect(200);
        api.delete("/api/v1/conversations/" + group + "/members/" + ann.id(), ann.token()).expect(204);

        List<String> admins = admins(api.get("/api/v1/conversations/" + group, cat.token()).expect(200).body());
        assertThat(admins).as("one admin, among those there from the start (bob and cat joined together)")
                .hasSize(1).isSubsetOf(bob.id(), cat.id());
        Person heir = admins.get(0).equals(bob.id()) ? bob : cat;
        Person other = heir == bob ? cat : bob;
        List<JsonNode> lines = history(dave, group);
        assertThat(events(lines)).endsWith("member_left", "made_admin");
        JsonNode made = lines.get(lines.size() - 1);
        assertThat(made.at("/system/actor").asText()).isEqualTo(ann.id());
        assertThat(made.at("/system/target").asText()).isEqualTo(heir.id());
        assertThat(made.get("text").asText()).endsWith("is now an admin");
        assertThat(events(syncedMessages(ann, group))).as("the one who left hears nothing after").last()
                .isEqualTo("member_left");
        // The members hear who is admin now as an event too, as when an admin makes one.
        List<JsonNode> updates = synced(dave, group, "conversation.updated");
        assertThat(updates).isNotEmpty();
        JsonNode told = updates.get(updates.size() - 1);
        assertThat(told.get("account_id").asText()).isEqualTo(heir.id());
        assertThat(told.get("role").asText()).isEqualTo("admin");

        // The new admin can remove a member; a member still cannot; a second admin leaving changes nothing.
        api.delete("/api/v1/conversations/" + group + "/members/" + heir.id(), other.token()).expect(403);
        api.delete("/api/v1/conversations/" + group + "/members/" + dave.id(), heir.token()).expect(204);
        api.delete("/api/v1/conversations/" + group + "/members/" + other.id(), other.token()).expect(204);
        assertThat(events(history(heir, group))).endsWith("made_admin", "member_removed", "member_left");
    }

    @Test
    void adminsMakeAndUnmakeAdminsAndAGroupKeepsOne() {
        Person ann = person("ann");
        Person bob = person("bob");
        Person cat = person("cat");
        String group = newGroup(ann, "Trip", bob, cat);
        String roles = "/api/v1/conversations/" + group + "/members/";

        // A member may not; nor may anyone make a role up, or name someone outside the group.
        api.put(roles + cat.id() + "/role", bob.token(), Map.of("role", "admin")).expect(403);
        api.put(roles + bob.id() + "/role", ann.token(), Map.of("role", "owner")).expect(422);
        api.put(roles + bob.id() + "/role", ann.token(), Map.of()).expect(422);
        api.put(roles + person("dan").id() + "/role", ann.token(), Map.of("role", "admin")).expect(404);
        // The only admin cannot step down: the group would have none.
        assertThat(api.put(roles + ann.id() + "/role", ann.token(), Map.of("role", "member")).expect(409)
                .body().get("code").asText()).isEqualTo("last_admin");

        JsonNode now = api.put(roles + bob.id() + "/role", ann.token(), Map.of("role", "admin")).expect(200).body();
        assertThat(roleOf(now, bob)).isEqualTo("admin");
        api.put(roles + bob.id() + "/role", ann.token(), Map.of("role", "admin")).expect(200); // again: no second line
        api.delete(roles + cat.id(), bob.token()).expect(204); // bob may remove now
        api.put(roles + ann.id() + "/role", ann.token(), Map.of("role", "member")).expect(200);
        api.put(roles + ann.id() + "/role", bob.token(), Map.of("role", "admin")).expect(200);
        api.put(roles + ann.id() + "/role", bob.token(), Map.of("role", "member")).expect(200);
        assertThat(roleOf(api.get("/api/v1/conversations/" + group, ann.token()).body(), ann)).isEqualTo("member");

        List<JsonNode> lines = history(ann, group);
        assertThat(events(lines)).containsExactly("created", "admin_added", "member_removed", "admin_removed",
                "admin_added", "admin_removed");
        assertThat(lines.get(1).get("text").asText()).endsWith(" an admin");
        assertThat(lines.get(3).get("text").asText()).endsWith("stepped down as admin");
        assertThat(lines.get(5).get("text").asText()).endsWith(" as admin").contains("removed");
        // Every member heard each change as an event, so clients redraw who is admin.
        assertThat(synced(bob, group, "conversation.updated")).hasSize(4);
        // A direct conversation has no admins.
        String dm = api.open(ann, cat);
        api.put("/api/v1/conversations/" + dm + "/members/" + cat.id() + "/role", ann.token(), Map.of("role", "admin"))
                .expect(422);
    }

    private static String roleOf(JsonNode conversation, Person who) {
        for (JsonNode m : conversation.get("members")) {
            if (who.id().equals(m.get("id").asText())) {
                return m.path("role").asText();
            }
        }
        return null;
    }

    private static List<String> admins(JsonNode conversation) {
        List<String> ids = new ArrayList<>();
        conversation.get("members").forEach(m -> {
            if ("admin".equals(m.path("role").asText())) {
                ids.add(m.get("id").asText());
            }
        });
        return ids;
    }

    @Test
    void linesAreNeverUnreadNorNotifiedNorFound() {
        Person ann = person("ann");
        Person bob = person("bob");
        Person cat = person("cat");
        String group = newGroup(ann, "Quiet", bob);
        api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", "Louder")).expect(200);
        api.post("/api/v1/conversations/" + group + "/members", ann.token(), Map.of("account_ids", List.of(cat.id())))
                .expect(200);

        JsonNode view = api.get("/api/v1/conversations/" + group, bob.token()).expect(200).body();
        assertThat(view.get("last_seq").asLong()).isEqualTo(3);
        assertThat(view.get("unread_count").asLong()).isZero();
        assertThat(listed(bob, group).get("unread_count").asLong()).isZero();
        assertThat(api.get("/api/v1/me/unread", bob.token()).body().get("messages").asLong()).isZero();
        assertThat(api.get("/api/v1/me/unread", cat.token()).body().get("conversations").asLong()).isZero();
        assertThat(api.get("/api/v1/conversations/" + group, cat.token()).body().get("unread_count").asLong()).isZero();
        assertThat(api.get("/api/v1/search/messages?q=Louder", bob.token()).body().get("items")).isEmpty();

        // A real message after the lines is the one unread message, and the one notification.
        api.send(ann, group, "Louder indeed").expect(201);
        NotificationNeeded v = verdicts.await(bob.id(), group, WAIT);
        assertThat(v.unread()).isEqualTo(1);
        assertThat(v.totalUnread()).isEqualTo(1);
        assertThat(v.messageId()).endsWith(".4");
        assertThat(verdicts.of(bob.id(), group)).hasSize(1);
        assertThat(api.get("/api/v1/conversations/" + group, bob.token()).body().get("unread_count").asLong())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/me/unread", bob.token()).body().get("messages").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/search/messages?q=Louder", bob.token()).body().get("items")).hasSize(1);
    }

    @Test
    void aLineIsNotifiedToNoOne() {
        Person ann = person("ann");
        Person bob = person("bob");
        String group = newGroup(ann, "Silent", bob);
        api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", "Still silent")).expect(200);
        // A later conversation's notification has come: anything the lines had queued would have too.
        Person x = person("x");
        String dm = api.open(x, bob);
        api.send(x, dm, "ping").expect(201);
        verdicts.await(bob.id(), dm, WAIT);
        assertThat(verdicts.of(bob.id(), group)).isEmpty();
    }

    @Test
    void aRetriedChangeWritesNoSecondLineAndLinesCannotBeChanged() {
        Person ann = person("ann");
        Person bob = person("bob");
        Person cat = person("cat");
        String group = newGroup(ann, "Once", bob);
        for (int i = 0; i < 2; i++) {
            api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", "Twice")).expect(200);
            api.post("/api/v1/conversations/" + group + "/members", ann.token(),
                    Map.of("account_ids", List.of(cat.id()))).expect(200);
        }
        api.delete("/api/v1/conversations/" + group + "/members/" + cat.id(), ann.token()).expect(204);
        api.delete("/api/v1/conversations/" + group + "/members/" + cat.id(), ann.token()).expect(404);
        List<JsonNode> lines = history(ann, group);
        assertThat(events(lines)).containsExactly("created", "renamed", "member_added", "member_removed");

        String line = lines.get(1).get("id").asText();
        assertThat(api.patch("/api/v1/messages/" + line, ann.token(), Map.of("text", "Ann did nothing")).status())
                .isEqualTo(403);
        String thumbs = URLEncoder.encode("👍", StandardCharsets.UTF_8);
        assertThat(api.put("/api/v1/messages/" + line + "/reactions/" + thumbs, bob.token()).code())
                .isEqualTo("conflict");
        assertThat(history(bob, group).get(1).get("text").asText()).endsWith("named the group Twice");
    }

    @Test
    void aGroupRequestNamesWhoAddedYouAndShowsOnlyWithItsFirstMessage() {
        Person ann = person("ann");
        Person bob = person("bob");
        Person stranger = api.signUp("str_sl" + (++n)); // requests from people it does not follow
        String group = newGroup(ann, "Club", bob);
        api.post("/api/v1/conversations/" + group + "/members", bob.token(),
                Map.of("account_ids", List.of(stranger.id()))).expect(200);
        JsonNode asStranger = api.get("/api/v1/conversations/" + group, stranger.token()).expect(200).body();
        assertThat(asStranger.get("folder").asText()).isEqualTo("requests");
        assertThat(asStranger.get("added_by").asText()).isEqualTo(bob.id());
        assertThat(api.get("/api/v1/conversations/" + group, ann.token()).body().get("added_by").isNull()).isTrue();
        assertThat(requests(stranger)).as("lines alone are no request yet").isEmpty();

        api.send(ann, group, "welcome").expect(201);
        Eventually.await("the request shown", WAIT, () -> requests(stranger), l -> l.size() == 1);
        assertThat(api.get("/api/v1/sync?limit=1000&since=0", stranger.token()).body().get("events").findValues("type")
                .stream().filter(t -> "request.created".equals(t.asText())).count()).isEqualTo(1);
        // A member added later reads from the line that added them (not the group's creation before it).
        assertThat(history(stranger, group).stream().map(m -> m.get("author_kind").asText()).toList())
                .containsExactly("system", "person");
    }

    private static List<JsonNode> requests(Person who) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/conversations?folder=requests", who.token()).expect(200).body().get("items").forEach(out::add);
        return out;
    }

    private static JsonNode listed(Person who, String group) {
        JsonNode items = api.get("/api/v1/conversations", who.token()).expect(200).body().get("items");
        for (JsonNode c : items) {
            if (group.equals(c.get("id").asText())) {
                return c;
            }
        }
        throw new AssertionError(group + " is not in the list");
    }
}
