package dev.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conversation.ConversationView;
import dev.parley.media.Media;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The product's privacy rule for blocks: a blocked account must not reach the one who blocked it
 * (a reaction or an edit is refused as a send is), nor see a name the blocker chose after the
 * block (system lines and the export say "Parley user", as the conversation views do), nor get a
 * link to a file of someone on the other side of a block (history, sync).
 */
class BlockReachTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static final String THUMBS = "%F0%9F%91%8D";
    static int n;

    /** Three people who may all message each other: the blocker, the one blocked and a third. */
    private static List<Person> three() {
        n++;
        List<Person> people = List.of(api.signUp("blocker" + n), api.signUp("blocked" + n), api.signUp("third" + n));
        for (Person p : people) {
            api.setDmPolicy(p, "everyone");
        }
        return people;
    }

    private static String sent(Person from, String conversation, String text) {
        return api.send(from, conversation, text).expect(201).body().get("id").asText();
    }

    private static void block(Person who, Person whom) {
        api.put("/api/v1/accounts/" + whom.id() + "/block", who.token()).expect(200);
    }

    /** Where the person's log stands now: a later sync from it shows what they heard since. */
    private static String syncToken(Person p) {
        return api.get("/api/v1/sync", p.token()).expect(200).body().get("next").asText();
    }

    private static String syncSince(Person p, String token) {
        return api.get("/api/v1/sync?since=" + token, p.token()).expect(200).raw();
    }

    @Test
    void inADirectConversationABlockRefusesReactionsAndEditsAsItRefusesSends() {
        List<Person> p = three();
        Person ann = p.get(0);
        Person mal = p.get(1);
        String dm = api.open(ann, mal);
        String annSaid = sent(ann, dm, "hello");
        String malSaid = sent(mal, dm, "hi");
        String malSaidToo = sent(mal, dm, "one more");
        api.put("/api/v1/messages/" + annSaid + "/reactions/" + THUMBS, mal.token()).expect(200);
        block(ann, mal);
        String annHeard = syncToken(ann);

        Api.Res send = api.send(mal, dm, "let me in");
        assertThat(send.status()).isEqualTo(403);
        Api.Res react = api.put("/api/v1/messages/" + annSaid + "/reactions/%F0%9F%96%95", mal.token());
        Api.Res edit = api.patch("/api/v1/messages/" + malSaid, mal.token(), Map.of("text", "NEW TEXT after the block"));
        for (Api.Res refused : List.of(react, edit)) {
            assertThat(refused.status()).isEqualTo(send.status());
            assertThat(refused.code()).isEqualTo(send.code()).isEqualTo("blocked");
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        // Either way: the one who blocked cannot react into the conversation either.
        Api.Res back = api.put("/api/v1/messages/" + malSaid + "/reactions/" + THUMBS, ann.token());
        assertThat(back.status()).isEqualTo(403);
        assertThat(back.code()).isEqualTo("blocked");

        // Taking back reaches no one new: the reaction from before the block and a message can go.
        api.delete("/api/v1/messages/" + annSaid + "/reactions/" + THUMBS, mal.token()).expect(200);
        api.delete("/api/v1/messages/" + malSaidToo, mal.token()).expect(200);

        String heard = syncSince(ann, annHeard);
        assertThat(heard).doesNotContain("NEW TEXT").doesNotContain("message.edited").doesNotContain("%F0%9F%96%95")
                .doesNotContain("\uD83D\uDD95");
        String history = api.get("/api/v1/conversations/" + dm + "/messages", ann.token()).expect(200).raw();
        assertThat(history).contains("\"hi\"").doesNotContain("NEW TEXT").doesNotContain("\uD83D\uDD95");

        // Unblocked, the two may react again.
        api.delete("/api/v1/accounts/" + mal.id() + "/block", ann.token()).expect(200);
        api.put("/api/v1/messages/" + annSaid + "/reactions/" + THUMBS, mal.token()).expect(200);
    }

    @Test
    void inAGroupABlockRefusesReactionsToTheOthersMessagesOnly() {
        List<Person> p = three();
        Person ann = p.get(0);
        Person mal = p.get(1);
        Person cat = p.get(2);
        String group = api.open(ann, mal, cat);
        String annSaid = sent(ann, group, "from ann");
        String catSaid = sent(cat, group, "from cat");
        String malSaid = sent(mal, group, "from mal");
        block(ann, mal);
        String annHeard = syncToken(ann);

        Api.Res toBlocker = api.put("/api/v1/messages/" + annSaid + "/reactions/" + THUMBS, mal.token());
        assertThat(toBlocker.status()).isEqualTo(403);
        assertThat(toBlocker.code()).isEqualTo("blocked");
        Api.Res fromBlocker = api.put("/api/v1/messages/" + malSaid + "/reactions/" + THUMBS, ann.token());
        assertThat(fromBlocker.status()).isEqualTo(403);
        assertThat(fromBlocker.code()).isEqualTo("blocked");
        assertThat(syncSince(ann, annHeard)).doesNotContain("reaction.changed");

        // The group itself still takes the blocked member's words, as it takes their messages.
        api.put("/api/v1/messages/" + catSaid + "/reactions/" + THUMBS, mal.token()).expect(200);
        api.patch("/api/v1/messages/" + malSaid, mal.token(), Map.of("text", "from mal, edited")).expect(200);
        sent(mal, group, "still here");
    }

    @Test
    void systemLinesAndTheExportNameTheBlockerAsParleyUserToTheBlocked() throws Exception {
        List<Person> p = three();
        Person ann = p.get(0);
        Person mal = p.get(1);
        Person cat = p.get(2);
        String group = api.open(ann, mal, cat);
        block(ann, mal);
        String malHeard = syncToken(mal);
        String newName = "Renamed After Block " + n;
        api.patch("/api/v1/me", ann.token(), Map.of("display_name", newName)).expect(200);
        api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", "t2")).expect(200);
        api.delete("/api/v1/conversations/" + group + "/members/" + cat.id(), ann.token()).expect(204);

        String history = api.get("/api/v1/conversations/" + group + "/messages", mal.token()).expect(200).raw();
        assertThat(history).doesNotContain(newName).contains(ConversationView.BLOCKED_NAME + " named the group t2")
                .contains(ConversationView.BLOCKED_NAME + " removed Third" + n);
        assertThat(syncSince(mal, malHeard)).doesNotContain(newName)
                .contains(ConversationView.BLOCKED_NAME + " named the group t2");
        JsonNode conversation = api.get("/api/v1/conversations/" + group, mal.token()).expect(200).body();
        assertThat(conversation.toString()).doesNotContain(newName);
        assertThat(conversation.at("/last_message/text").asText()).startsWith(ConversationView.BLOCKED_NAME);
        // Everyone else reads the lines as written.
        assertThat(api.get("/api/v1/conversations/" + group + "/messages", ann.token()).expect(200).raw())
                .contains(newName + " named the group t2");

        String id = api.post("/api/v1/me/export", mal.token(), null).expect(202).body().get("id").asText();
        JsonNode ready = Eventually.await("export ready", Duration.ofSeconds(30),
                () -> api.get("/api/v1/me/exports/" + id, mal.token()).expect(200).body(),
                b -> b.get("status").asText().equals("ready"));
        Map<String, String> archive = download(ready.get("download_url").asText(), mal.token());
        assertThat(archive.get("conversations.json")).doesNotContain(newName).contains(ConversationView.BLOCKED_NAME);
        assertThat(archive.get("messages/" + group + ".json")).doesNotContain(newName)
                .contains(ConversationView.BLOCKED_NAME + " named the group t2");
    }

    @Test
    void noLinkToAFileCrossesABlock() {
        List<Person> p = three();
        Person ann = p.get(0);
        Person mal = p.get(1);
        Person cat = p.get(2);
        String group = api.open(ann, mal, cat);
        Media media = new Media(api);
        String before = media.upload(ann.token(), "before.txt", "private before".getBytes(StandardCharsets.UTF_8),
                "text/plain").expect(201).id();
        sendFile(ann, group, before);
        block(ann, mal);
        String malHeard = syncToken(mal);
        String after = media.upload(ann.token(), "after.txt", "private after".getBytes(StandardCharsets.UTF_8),
                "text/plain").expect(201).id();
        sendFile(ann, group, after);

        // The one blocked: the files are listed, without a link, in history and in what sync brings.
        List<JsonNode> malSees = attachments(api.get("/api/v1/conversations/" + group + "/messages", mal.token())
                .expect(200).body());
        assertThat(malSees).hasSize(2);
        for (JsonNode a : malSees) {
            assertThat(a.get("url").isNull()).as("url of %s", a).isTrue();
            assertThat(a.get("thumbnail_url").isNull()).isTrue();
        }
        assertThat(syncSince(mal, malHeard)).contains(after).doesNotContain("/api/v1/media/" + after);
        assertThat(api.get("/api/v1/media/" + after, mal.token()).status()).isEqualTo(404);

        // Everyone else still gets links that serve the file.
        List<JsonNode> catSees = attachments(api.get("/api/v1/conversations/" + group + "/messages", cat.token())
                .expect(200).body());
        assertThat(catSees).hasSize(2);
        String link = catSees.get(1).get("url").asText();
        assertThat(link).contains("/api/v1/media/" + after);
        assertThat(api.get(link, null).status()).isEqualTo(200);
    }

    private static void sendFile(Person from, String conversation, String upload) {
        Map<String, Object> body = new HashMap<>();
        body.put("client_id", UUID.randomUUID().toString());
        body.put("text", "a file");
        body.put("attachments", List.of(upload));
        api.post("/api/v1/conversations/" + conversation + "/messages", from.token(), body).expect(201);
    }

    private static List<JsonNode> attachments(JsonNode history) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : history.get("items")) {
            m.path("attachments").forEach(out::add);
        }
        return out;
    }

    private static Map<String, String> download(String path, String token) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(api.base() + path)).header("Authorization", "Bearer " + token)
                .build();
        HttpResponse<byte[]> got = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        Map<String, String> out = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(got.body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                out.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
