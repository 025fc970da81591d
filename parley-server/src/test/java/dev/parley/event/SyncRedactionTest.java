package dev.parley.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.business.Shops;
import dev.parley.media.Media;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a replay of the event log (sync from an old token, a new device's sync from 0, the stream's
 * catch-up) brings back of a message that changed since it was sent: never its text once it is
 * gone (unsent, removed by a moderator), never its text from before an edit, and no file link
 * across a block that stands now. History already reads so; the stored events did not.
 */
class SyncRedactionTest {
    private static final String PASSWORD = "correct horse battery";
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static final Api api = NODE.api();
    static int n;

    private static List<Person> people(String... names) {
        n++;
        List<Person> out = new ArrayList<>();
        for (String name : names) {
            Person p = api.signUp(name + n);
            api.setDmPolicy(p, "everyone");
            out.add(p);
        }
        return out;
    }

    private static String sent(Person from, String conversation, String text) {
        return api.send(from, conversation, text).expect(201).body().get("id").asText();
    }

    /** Everything the person's log replays from the very start, as the raw JSON a client receives. */
    private static String syncFromZero(String token) {
        return api.get("/api/v1/sync?since=0&limit=1000", token).expect(200).raw();
    }

    /** The replayed event of this type about this message. */
    private static JsonNode replayed(String token, String type, String messageId) {
        JsonNode page = api.get("/api/v1/sync?since=0&limit=1000", token).expect(200).body();
        for (JsonNode e : page.get("events")) {
            if (type.equals(e.get("type").asText()) && messageId.equals(e.at("/data/message/id").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " of " + messageId + " in " + page);
    }

    private static String signIn(Person p) {
        return api.post("/api/v1/sessions", null, Map.of("handle", p.handle(), "password", PASSWORD)).expect(201)
                .body().get("token").asText();
    }

    /** As history renders a deleted message: no text, no files, no reactions. */
    private static void assertGone(JsonNode message) {
        assertThat(message.get("deleted").asBoolean()).as("deleted in %s", message).isTrue();
        assertThat(message.get("text").asText()).isEmpty();
        assertThat(message.has("attachments")).isFalse();
        assertThat(message.get("reactions").size()).isZero();
    }

    @Test
    void anUnsentMessageReplaysWithoutItsTextToEveryMemberAndEveryNewDevice() {
        List<Person> p = people("ann", "bob");
        Person ann = p.get(0);
        Person bob = p.get(1);
        String dm = api.open(ann, bob);
        String secret = "unsent secret " + UUID.randomUUID();
        String id = sent(ann, dm, secret);
        api.put("/api/v1/messages/" + id + "/reactions/%F0%9F%91%8D", bob.token()).expect(200);
        assertThat(syncFromZero(bob.token())).as("the text was there before the unsend").contains(secret);

        api.delete("/api/v1/messages/" + id, ann.token()).expect(200);

        for (String token : List.of(bob.token(), ann.token(), signIn(bob), signIn(ann))) {
            assertThat(syncFromZero(token)).doesNotContain(secret).contains(id);
            assertGone(replayed(token, "message.created", id).at("/data/message"));
        }
        assertThat(replayed(bob.token(), "message.created", id).at("/data/message").has("removed_by")).isFalse();
        String history = api.get("/api/v1/conversations/" + dm + "/messages", bob.token()).expect(200).raw();
        assertThat(history).doesNotContain(secret);
    }

    @Test
    void aMessageAModeratorRemovedReplaysAsHistoryShowsIt() {
        List<Person> p = people("mra", "mrb");
        Person ann = p.get(0);
        Person bob = p.get(1);
        // An administrator names the moderator (made admin before its token is first used, so no cache holds it).
        Person root = api.signUp("mrroot" + n);
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        Person mod = api.signUp("mrmod" + n);
        api.put("/api/v1/admin/moderators/" + mod.id(), root.token()).expect(204);
        String dm = api.open(bob, ann);
        String secret = "awful words " + UUID.randomUUID();
        String id = sent(bob, dm, secret);

        api.post("/api/v1/moderation/actions", mod.token(), Map.of("action", "remove_message",
                "target", Map.of("kind", "message", "id", id), "reason", "insults")).expect(200);

        for (String token : List.of(ann.token(), bob.token(), signIn(ann))) {
            assertThat(syncFromZero(token)).doesNotContain(secret);
            JsonNode created = replayed(token, "message.created", id).at("/data/message");
            assertGone(created);
            assertThat(created.get("removed_by").asText()).isEqualTo("moderation");
        }
    }

    @Test
    void anEditedMessageReplaysItsCurrentTextOnly() {
        List<Person> p = people("eda", "edb");
        Person ann = p.get(0);
        Person bob = p.get(1);
        String dm = api.open(ann, bob);
        String first = "first words " + UUID.randomUUID();
        String second = "second words " + UUID.randomUUID();
        String now = "current words " + UUID.randomUUID();
        String id = sent(ann, dm, first);
        api.patch("/api/v1/messages/" + id, ann.token(), Map.of("text", second)).expect(200);
        api.patch("/api/v1/messages/" + id, ann.token(), Map.of("text", now)).expect(200);

        for (String token : List.of(bob.token(), ann.token(), signIn(bob))) {
            assertThat(syncFromZero(token)).doesNotContain(first).doesNotContain(second).contains(now);
            JsonNode created = replayed(token, "message.created", id).at("/data/message");
            assertThat(created.get("text").asText()).isEqualTo(now);
            assertThat(created.get("edited_at").isNull()).isFalse();
        }
        // A message that was never changed replays as it was sent.
        String plain = "plain words " + UUID.randomUUID();
        String plainId = sent(ann, dm, plain);
        assertThat(replayed(bob.token(), "message.created", plainId).at("/data/message/text").asText()).isEqualTo(plain);
    }

    @Test
    void theStreamsCatchUpFromZeroReplaysNoTextThatIsGone() {
        List<Person> p = people("sta", "stb");
        Person ann = p.get(0);
        Person bob = p.get(1);
        String dm = api.open(ann, bob);
        String unsent = "stream unsent " + UUID.randomUUID();
        String before = "stream before edit " + UUID.randomUUID();
        String after = "stream after edit " + UUID.randomUUID();
        String gone = sent(ann, dm, unsent);
        String edited = sent(ann, dm, before);
        api.patch("/api/v1/messages/" + edited, ann.token(), Map.of("text", after)).expect(200);
        api.delete("/api/v1/messages/" + gone, ann.token()).expect(200);

        try (Socket s = Socket.open(NODE.node(), bob.token(), "since=0")) {
            s.await(f -> "message.deleted".equals(f.at("/event/type").asText())
                    && gone.equals(f.at("/event/data/message/id").asText()));
            String frames = s.received().toString();
            assertThat(frames).doesNotContain(unsent).doesNotContain(before).contains(after);
            JsonNode created = s.received().stream()
                    .filter(f -> "message.created".equals(f.at("/event/type").asText())
                            && gone.equals(f.at("/event/data/message/id").asText()))
                    .findFirst().orElseThrow().at("/event/data/message");
            assertGone(created);
        }
    }

    @Test
    void filesSentBeforeABlockReplayWithoutLinksAcrossItEitherWay() {
        List<Person> p = people("bla", "blm", "blc");
        Person ann = p.get(0);
        Person mal = p.get(1);
        Person cat = p.get(2);
        String group = api.open(ann, mal, cat);
        Media media = new Media(api);
        String annFile = media.upload(ann.token(), "ann.txt", "ann's file".getBytes(StandardCharsets.UTF_8), "text/plain")
                .expect(201).id();
        String malFile = media.upload(mal.token(), "mal.txt", "mal's file".getBytes(StandardCharsets.UTF_8), "text/plain")
                .expect(201).id();
        sendFile(ann, group, annFile);
        sendFile(mal, group, malFile);
        assertThat(syncFromZero(mal.token())).as("the link was there before the block").contains("/api/v1/media/" + annFile);

        api.put("/api/v1/accounts/" + mal.id() + "/block", ann.token()).expect(200);

        String malReplay = syncFromZero(mal.token());
        assertThat(malReplay).contains(annFile).doesNotContain("/api/v1/media/" + annFile);
        String annReplay = syncFromZero(ann.token());
        assertThat(annReplay).contains(malFile).doesNotContain("/api/v1/media/" + malFile);
        for (JsonNode a : attachmentsIn(malReplay, annFile)) {
            assertThat(a.get("url").isNull()).as("url of %s", a).isTrue();
            assertThat(a.get("thumbnail_url").isNull()).isTrue();
        }
        // One's own files, and everyone else's view, keep their links.
        assertThat(malReplay).contains("/api/v1/media/" + malFile);
        assertThat(syncFromZero(cat.token())).contains("/api/v1/media/" + annFile).contains("/api/v1/media/" + malFile);
    }

    @Test
    void aBusinesssInboxItemReplaysNoTextItsCustomerUnsent() {
        Shops shops = new Shops(api);
        Shops.Shop shop = shops.shop("red" + (++n));
        Person customer = api.signUp("redc" + n);
        String c = shops.customerConversation(shop, customer);
        String secret = "customer secret " + UUID.randomUUID();
        String id = sent(customer, c, secret);
        String log = shop.base() + "/sync?since=0&limit=1000";
        Eventually.await("the inbox item carries the message", Duration.ofSeconds(30),
                () -> api.get(log, shop.owner().token()).expect(200).body(), page -> {
                    for (JsonNode e : page.get("events")) {
                        if ("inbox.updated".equals(e.get("type").asText())
                                && id.equals(e.at("/data/item/last_message/id").asText())) {
                            return true;
                        }
                    }
                    return false;
                });

        api.delete("/api/v1/messages/" + id, customer.token()).expect(200);

        String replay = api.get(log, shop.owner().token()).expect(200).raw();
        assertThat(replay).doesNotContain(secret).contains(id);
    }

    private static void sendFile(Person from, String conversation, String upload) {
        Map<String, Object> body = new HashMap<>();
        body.put("client_id", UUID.randomUUID().toString());
        body.put("text", "a file");
        body.put("attachments", List.of(upload));
        api.post("/api/v1/conversations/" + conversation + "/messages", from.token(), body).expect(201);
    }

    private static List<JsonNode> attachmentsIn(String syncPage, String uploadId) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (JsonNode e : Api.JSON.readTree(syncPage).get("events")) {
                e.at("/data/message/attachments").forEach(a -> {
                    if (uploadId.equals(a.path("id").asText())) {
                        out.add(a);
                    }
                });
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(out).as("attachments " + uploadId).isNotEmpty();
        return out;
    }
}
