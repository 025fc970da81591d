package dev.parley.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import dev.parley.testing.Verdicts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A shadow ban as the banned account, the other members, search, sync, unread counts, the
 * conversation list, notifications and a new request see it: the account's new messages look
 * sent to itself and reach no one else.
 */
class ShadowBanTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Verdicts verdicts = new Verdicts();
    static TestNode node;
    static Api api;
    static int n;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("notify.delay", "0"), Clock.systemUTC(), List.of(verdicts));
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Person person(String name) {
        return api.signUp(name + (++n));
    }

    /** A moderator named by an administrator. */
    static Person moderator() {
        Person root = person("boss");
        new JdbcAccountStore(node.node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        Person mod = person("keeper");
        api.put("/api/v1/admin/moderators/" + mod.id(), root.token()).expect(204);
        return mod;
    }

    static Api.Res act(Person mod, String action, Person target, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("action", action);
        body.put("target", Map.of("kind", "account", "id", target.id()));
        body.put("reason", reason);
        return api.post("/api/v1/moderation/actions", mod.token(), body);
    }

    static String send(Person from, String conversation, String text) {
        return api.send(from, conversation, text).expect(201).body().get("id").asText();
    }

    static List<String> history(Person viewer, String conversation) {
        List<String> texts = new ArrayList<>();
        api.get("/api/v1/conversations/" + conversation + "/messages", viewer.token()).expect(200).body().get("items")
                .forEach(m -> texts.add(m.get("text").asText()));
        return texts;
    }

    /** Every message id and conversation id in the account's events since 0. */
    static List<JsonNode> sync(Person p) {
        List<JsonNode> events = new ArrayList<>();
        String since = "0";
        while (true) {
            JsonNode page = api.get("/api/v1/sync?limit=1000&since=" + since, p.token()).expect(200).body();
            page.get("events").forEach(events::add);
            since = page.get("next").asText();
            if (!page.get("has_more").asBoolean()) {
                return events;
            }
        }
    }

    static boolean mentions(List<JsonNode> events, String text) {
        return events.stream().anyMatch(e -> e.toString().contains(text));
    }

    static JsonNode conversation(Person viewer, String id) {
        return api.get("/api/v1/conversations/" + id, viewer.token()).expect(200).body();
    }

    static List<String> listed(Person viewer, String folder) {
        List<String> ids = new ArrayList<>();
        api.get("/api/v1/conversations?folder=" + folder, viewer.token()).expect(200).body().get("items")
                .forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    static int searchHits(Person viewer, String q) {
        return api.get("/api/v1/search/messages?q=" + q, viewer.token()).expect(200).body().get("items").size();
    }

    /** Waits until a later, unrelated notification went out: everything due before it was decided. */
    static void settled() {
        Person x = person("pinger");
        Person y = person("pinged");
        api.befriend(x, y);
        String c = api.open(x, y);
        api.send(x, c, "ping").expect(201);
        verdicts.await(y.id(), c, WAIT);
    }

    @Test
    void theBannedAccountsNewMessagesLookSentToItAndReachNoOneElse() {
        Person ann = person("ann");
        Person bob = person("bob");
        Person cat = person("cat");
        api.befriend(ann, bob);
        api.befriend(cat, bob);
        Person mod = moderator();
        String dm = api.open(ann, bob);
        send(ann, dm, "before the ban");
        String withCat = api.open(cat, bob);
        send(cat, withCat, "cat was here later");
        verdicts.await(bob.id(), dm, WAIT);
        assertThat(conversation(bob, dm).get("unread_count").asLong()).isEqualTo(1);

        act(mod, "shadow_ban", ann, "spam waves").expect(200);
        JsonNode audit = api.get("/api/v1/moderation/audit", mod.token()).expect(200).body().get("items").get(0);
        assertThat(audit.get("action").asText()).isEqualTo("shadow_ban");
        assertThat(audit.get("reason").asText()).isEqualTo("spam waves");

        String hiddenId;
        try (Socket bobSocket = Socket.open(node, bob.token()); Socket annSocket = Socket.open(node, ann.token())) {
            JsonNode sent = api.send(ann, dm, "zanzibar secret offer").expect(201).body();
            hiddenId = sent.get("id").asText();
            // Ann's own live view: her message arrives on her stream like any other.
            JsonNode mine = annSocket.awaitEvent("message.created");
            assertThat(mine.at("/event/data/message/id").asText()).isEqualTo(hiddenId);
            // Bob hears his own next message but never Ann's hidden one, which was committed first.
            String sentinel = send(bob, dm, "bob speaks");
            bobSocket.await(f -> sentinel.equals(f.at("/event/data/message/id").asText()));
            assertThat(bobSocket.received().toString()).doesNotContain(hiddenId).doesNotContain("zanzibar");
        }

        // The banned account sees a normal conversation: its message, in order, found by search and sync.
        assertThat(history(ann, dm)).containsExactly("before the ban", "zanzibar secret offer", "bob speaks");
        assertThat(api.get("/api/v1/messages/" + hiddenId, ann.token()).expect(200).body().get("text").asText())
                .isEqualTo("zanzibar secret offer");
        assertThat(searchHits(ann, "zanzibar")).isEqualTo(1);
        assertThat(mentions(sync(ann), "zanzibar secret offer")).isTrue();
        assertThat(act(mod, "shadow_ban", ann, "again").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/me/moderation", ann.token()).body().get("notices")).as("never told").isEmpty();

        // Everyone else: not in history, not by id (the unknown id's 404), not in search or sync.
        assertThat(history(bob, dm)).containsExactly("before the ban", "bob speaks");
        Api.Res byId = api.get("/api/v1/messages/" + hiddenId, bob.token());
        Api.Res unknown = api.get("/api/v1/messages/" + dm + ":999", bob.token());
        assertThat(byId.status()).isEqualTo(404);
        assertThat(byId.body()).isEqualTo(unknown.body());
        assertThat(searchHits(bob, "zanzibar")).isZero();
        assertThat(mentions(sync(bob), "zanzibar")).isFalse();
        assertThat(api.patch("/api/v1/messages/" + hiddenId, bob.token(), Map.of("text", "x")).status()).isEqualTo(404);

        // Ann edits her hidden message: only she hears of it.
        api.patch("/api/v1/messages/" + hiddenId, ann.token(), Map.of("text", "zanzibar edited")).expect(200);
        assertThat(mentions(sync(bob), "zanzibar")).isFalse();
        assertThat(history(ann, dm)).contains("zanzibar edited");
    }

    @Test
    void unreadCountsTheConversationListAndNotificationsIgnoreHiddenMessages() {
        Person ann = person("ann");
        Person bob = person("bob");
        Person cat = person("cat");
        api.befriend(ann, bob);
        api.befriend(cat, bob);
        Person mod = moderator();
        String dm = api.open(ann, bob);
        send(ann, dm, "visible one");
        String withCat = api.open(cat, bob);
        send(cat, withCat, "cat later");
        verdicts.await(bob.id(), withCat, WAIT);
        assertThat(listed(bob, "inbox")).containsSubsequence(withCat, dm);
        int toldBefore = verdicts.of(bob.id(), dm).size();

        act(mod, "shadow_ban", ann, "spam").expect(200);
        send(ann, dm, "hidden two");
        send(ann, dm, "hidden three");

        JsonNode bobsView = conversation(bob, dm);
        assertThat(bobsView.get("unread_count").asLong()).as("only the visible one").isEqualTo(1);
        assertThat(bobsView.at("/last_message/text").asText()).isEqualTo("visible one");
        assertThat(listed(bob, "inbox")).as("Ann's hidden sends do not lift the DM above Cat's")
                .containsSubsequence(withCat, dm);
        api.get("/api/v1/conversations?folder=inbox", bob.token()).body().get("items").forEach(c -> {
            if (c.get("id").asText().equals(dm)) {
                assertThat(c.get("unread_count").asLong()).isEqualTo(1);
                assertThat(c.at("/last_message/text").asText()).isEqualTo("visible one");
            }
        });
        settled();
        assertThat(verdicts.of(bob.id(), dm)).as("no notification of hidden messages").hasSize(toldBefore);

        // Ann's own view: her last message, nothing unread.
        JsonNode annsView = conversation(ann, dm);
        assertThat(annsView.at("/last_message/text").asText()).isEqualTo("hidden three");
        assertThat(annsView.get("unread_count").asLong()).isZero();
        assertThat(annsView.get("read_seq").asLong()).isEqualTo(annsView.get("last_seq").asLong());

        // Bob reads what he sees: nothing is left unread.
        api.post("/api/v1/conversations/" + dm + "/read", bob.token(),
                Map.of("seq", bobsView.at("/last_message/seq").asLong())).expect(200);
        assertThat(conversation(bob, dm).get("unread_count").asLong()).isZero();

        // Lifted: new messages reach Bob again; the hidden ones stay hidden.
        act(mod, "lift", ann, "served").expect(200);
        send(ann, dm, "after the lift");
        assertThat(history(bob, dm)).containsExactly("visible one", "after the lift");
        assertThat(conversation(bob, dm).get("unread_count").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/me/moderation", ann.token()).body().get("notices"))
                .as("lifting a shadow ban alone tells nothing").isEmpty();
    }

    static Api.Res reportMessage(Person reporter, String messageId) {
        return api.post("/api/v1/reports", reporter.token(),
                Map.of("target", Map.of("kind", "message", "id", messageId), "category", "spam"));
    }

    @Test
    void aMessageHiddenFromTheReporterIsReportedAsAnUnknownIdAndLeftOutOfTheSnapshot() {
        Person ann = person("ann");
        Person bob = person("bob");
        api.befriend(ann, bob);
        Person mod = moderator();
        String dm = api.open(ann, bob);
        send(ann, dm, "seen by bob");
        act(mod, "shadow_ban", ann, "spam").expect(200);
        String hiddenId = send(ann, dm, "hidden from bob");
        send(ann, dm, "hidden again");

        // Reporting what Bob never saw, by its id or by guessing the next one, tells him nothing.
        Api.Res hidden = reportMessage(bob, hiddenId);
        Api.Res unknown = reportMessage(bob, "m-" + dm.substring(2) + ".999");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.raw()).isEqualTo(unknown.raw());
        assertThat(hidden.contentType()).startsWith("application/problem+json");

        // The banned account itself reports what it sees: Bob's reply and its own hidden lines before it.
        String visible = send(bob, dm, "bob replies");
        Api.Res byAnn = reportMessage(ann, visible).expect(201);
        assertThat(byAnn.body().at("/shared_with_moderators/messages").asInt()).isEqualTo(4);
        // Bob reports a message he sees, sent after the hidden ones: they are neither counted nor shared.
        act(mod, "lift", ann, "served").expect(200);
        String later = send(ann, dm, "after the lift");
        Api.Res byBob = reportMessage(bob, later).expect(201);
        assertThat(byBob.body().at("/shared_with_moderators/messages").asInt()).isEqualTo(3);
        JsonNode snapshot = api.get("/api/v1/moderation/reports?status=open", mod.token()).expect(200).body()
                .findValues("snapshot").stream().filter(x -> x.toString().contains("after the lift")).findFirst()
                .orElseThrow();
        assertThat(snapshot.toString()).doesNotContain("hidden");
    }

    @Test
    void aRequestFromTheBannedAccountShowsNothingToItsRecipient() {
        Person ann = person("ann");
        Person cat = person("cat");
        Person dan = person("dan");
        Person mod = moderator();
        // The control: an account that is not banned lands in Dan's requests.
        String fromCat = api.open(cat, dan);
        send(cat, fromCat, "hello from cat");
        assertThat(listed(dan, "requests")).contains(fromCat);

        act(mod, "shadow_ban", ann, "spam").expect(200);
        String fromAnn = api.open(ann, dan);
        send(ann, fromAnn, "quixotic request text");

        assertThat(listed(dan, "requests")).doesNotContain(fromAnn);
        assertThat(listed(dan, "inbox")).doesNotContain(fromAnn);
        List<JsonNode> dans = sync(dan);
        assertThat(dans.stream().anyMatch(e -> fromAnn.equals(e.path("conversation_id").asText()))).isFalse();
        assertThat(mentions(dans, "quixotic")).isFalse();
        assertThat(searchHits(dan, "quixotic")).isZero();
        // Ann sees her request as sent.
        assertThat(history(ann, fromAnn)).containsExactly("quixotic request text");
        assertThat(listed(ann, "inbox")).contains(fromAnn);
    }

    @Test
    void aConversationOpenedByTheBannedAccountIsNotAnnounced() {
        Person ann = person("ann");
        Person bob = person("bob");
        api.befriend(ann, bob);
        Person mod = moderator();
        act(mod, "shadow_ban", ann, "spam").expect(200);
        String dm = api.open(ann, bob);
        send(ann, dm, "hidden hello");
        assertThat(sync(bob).stream().anyMatch(e -> dm.equals(e.path("conversation_id").asText()))).isFalse();
        assertThat(listed(bob, "inbox")).doesNotContain(dm);
        assertThat(listed(ann, "inbox")).contains(dm);
    }
}
