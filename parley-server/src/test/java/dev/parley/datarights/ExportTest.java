package dev.parley.datarights;

import static dev.parley.datarights.ErasureTest.adminOf;
import static dev.parley.datarights.ErasureTest.friends;
import static dev.parley.datarights.ErasureTest.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.Media;
import dev.parley.media.Samples;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Api.Res;
import dev.parley.testing.Eventually;
import dev.parley.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Export (issue 19, point 5): one archive of the person's data with every message they sent and
 * none of a conversation they are not in; nobody else reads their export.
 */
class ExportTest {
    static TestNode node;
    static String admin;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        admin = adminOf(node);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static JsonNode awaitReady(String path, String token) {
        return Eventually.await("export ready", Duration.ofSeconds(30), () -> node.api.get(path, token).expect(200).body(),
                b -> b.get("status").asText().equals("ready"));
    }

    /** The archive's entries, name → text. */
    static Map<String, String> download(String path, String token) throws IOException, InterruptedException {
        Map<String, String> out = new LinkedHashMap<>();
        downloadBytes(path, token).forEach((name, bytes) -> out.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void theArchiveHoldsEveryMessageSentAndNoneOfAConversationTheAccountIsNotIn() throws Exception {
        Api api = node.api;
        String s = suffix();
        Person ann = api.signUp("ann_" + s);
        Person bob = api.signUp("bob_" + s);
        Person cat = api.signUp("cat_" + s);
        friends(api, ann, bob, cat);
        String dm = api.open(ann, bob);
        String group = api.open(ann, bob, cat);
        String elsewhere = api.open(bob, cat);
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            sent.add(api.send(ann, dm, "ann to bob " + i).expect(201).body().get("id").asText());
            sent.add(api.send(ann, group, "ann to the group " + i).expect(201).body().get("id").asText());
        }
        String received = api.send(bob, dm, "bob answers ann").expect(201).body().get("id").asText();
        api.send(bob, elsewhere, "between bob and cat only").expect(201);
        api.send(cat, elsewhere, "cat keeps this from ann").expect(201);
        api.put("/api/v1/accounts/" + cat.id() + "/block", ann.token()).expect(200);

        Res started = api.post("/api/v1/me/export", ann.token(), null).expect(202);
        String id = started.body().get("id").asText();
        assertThat(started.body().get("status").asText()).isEqualTo("pending");
        JsonNode ready = awaitReady("/api/v1/me/exports/" + id, ann.token());
        assertThat(ready.get("download_url").asText()).isEqualTo("/api/v1/me/exports/" + id + "/archive");

        Map<String, String> archive = download(ready.get("download_url").asText(), ann.token());
        assertThat(archive).containsKeys("profile.json", "settings.json", "follows.json", "blocks.json",
                "conversations.json", "messages/" + dm + ".json", "messages/" + group + ".json");
        assertThat(archive).doesNotContainKey("messages/" + elsewhere + ".json");
        assertThat(Api.JSON.readTree(archive.get("profile.json")).get("handle").asText()).isEqualTo("ann_" + s);
        assertThat(archive.get("blocks.json")).contains(cat.id());
        assertThat(archive.get("follows.json")).contains(bob.id());
        Set<String> found = new HashSet<>();
        for (String name : List.of("messages/" + dm + ".json", "messages/" + group + ".json")) {
            for (JsonNode m : Api.JSON.readTree(archive.get(name)).get("messages")) {
                found.add(m.get("id").asText());
            }
        }
        assertThat(found).containsAll(sent).contains(received);
        String all = String.join("\n", archive.values());
        assertThat(all).doesNotContain("between bob and cat only").doesNotContain("cat keeps this from ann")
                .doesNotContain(elsewhere);

        // Once a day for the person: the second is refused with a stable code and when to come back.
        Res again = api.post("/api/v1/me/export", ann.token(), null);
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.code()).isEqualTo("export_too_soon");
        assertThat(Long.parseLong(again.http().headers().firstValue("Retry-After").orElseThrow())).isPositive();
    }

    @Test
    void theArchiveIsDeletedOnceItsKeepingTimeHasPassed() throws Exception {
        try (TestNode short_ = TestNode.start(Map.of("export.keep", "1s"))) {
            Person ann = short_.api.signUp("ann_" + suffix());
            String id = short_.api.post("/api/v1/me/export", ann.token(), null).expect(202).body().get("id").asText();
            String path = "/api/v1/me/exports/" + id;
            JsonNode gone = Eventually.await("export expired", Duration.ofSeconds(30),
                    () -> short_.api.get(path, ann.token()).expect(200).body(), b -> b.get("status").asText().equals("expired"));
            assertThat(gone.has("download_url")).isFalse();
            Res archive = short_.api.get(path + "/archive", ann.token());
            assertThat(archive.status()).isEqualTo(409);
            assertThat(archive.code()).isEqualTo("export_not_ready");
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of(
                    short_.node().settings().get(dev.parley.config.Keys.DATA_DIR).toString(), "exports"))) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    @Test
    void nobodyElseReadsAnExportAndEachReaderSeesOnlyTheJobsItStarted() {
        Api api = node.api;
        String s = suffix();
        Person ann = api.signUp("ann_" + s);
        Person bob = api.signUp("bob_" + s);
        String id = api.post("/api/v1/me/export", ann.token(), null).expect(202).body().get("id").asText();
        awaitReady("/api/v1/me/exports/" + id, ann.token());

        Res unknown = api.get("/api/v1/me/exports/x-unknown", bob.token());
        for (String path : List.of("/api/v1/me/exports/" + id, "/api/v1/me/exports/" + id + "/archive")) {
            Res theirs = api.get(path, bob.token());
            assertThat(theirs.status()).isEqualTo(404);
            assertThat(theirs.raw()).isEqualTo(unknown.raw());
            assertThat(api.get(path, null).status()).isEqualTo(401);
        }
        // Administrators start exports of anyone, and read only those; people cannot.
        assertThat(api.post("/api/v1/admin/accounts/" + ann.id() + "/exports", bob.token(), null).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/accounts/nobody/exports", admin, null).status()).isEqualTo(404);
        String byAdmin = api.post("/api/v1/admin/accounts/" + ann.id() + "/exports", admin, null).expect(202)
                .body().get("id").asText();
        assertThat(awaitReady("/api/v1/admin/exports/" + byAdmin, admin).get("download_url").asText())
                .isEqualTo("/api/v1/admin/exports/" + byAdmin + "/archive");
        assertThat(api.get("/api/v1/me/exports/" + byAdmin, ann.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/admin/exports/" + byAdmin, bob.token()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/exports/" + id, admin).status()).isEqualTo(404);
    }

    @Test
    void theArchiveHoldsEachFileTheAccountUploadedAndNoneOfAnotherPersons() throws Exception {
        Api api = node.api;
        String s = suffix();
        Person ann = api.signUp("ann_" + s);
        Person bob = api.signUp("bob_" + s);
        friends(api, ann, bob);
        String dm = api.open(ann, bob);
        Media media = new Media(api);
        String photo = media.upload(ann.token(), "sea view.png", Samples.png(64, 48), "image/png").expect(201).id();
        String kept = media.upload(ann.token(), "not sent.png", Samples.png(30, 30), "image/png").expect(201).id();
        String bobs = media.upload(bob.token(), "bobs.png", Samples.png(30, 30), "image/png").expect(201).id();
        api.post("/api/v1/conversations/" + dm + "/messages", ann.token(), Map.of("client_id", "x1", "text", "",
                "attachments", List.of(photo))).expect(201);
        api.post("/api/v1/conversations/" + dm + "/messages", bob.token(), Map.of("client_id", "x2", "text", "",
                "attachments", List.of(bobs))).expect(201);
        byte[] stored = media.fetch("/api/v1/media/" + photo, ann.token()).body();

        String id = api.post("/api/v1/me/export", ann.token(), null).expect(202).body().get("id").asText();
        Map<String, byte[]> archive = downloadBytes(awaitReady("/api/v1/me/exports/" + id, ann.token())
                .get("download_url").asText(), ann.token());
        assertThat(archive).containsKeys("files/" + photo + "-sea view.png", "files/" + kept + "-not sent.png");
        assertThat(archive.get("files/" + photo + "-sea view.png")).isEqualTo(stored);
        assertThat(archive.keySet()).noneMatch(k -> k.contains(bobs));
    }

    /**
     * Each message says which files it carried: the id, name, type and size of each, and for the
     * person's own files where the archive holds it ({@code file}); another person's file is named
     * but not in the archive ({@code file} null).
     */
    @Test
    void eachMessageListsTheFilesItCarried() throws Exception {
        Api api = node.api;
        String s = suffix();
        Person ann = api.signUp("ann_" + s);
        Person bob = api.signUp("bob_" + s);
        friends(api, ann, bob);
        String dm = api.open(ann, bob);
        Media media = new Media(api);
        JsonNode mine = media.upload(ann.token(), "mine.png", Samples.png(8, 8), "image/png").expect(201).body();
        JsonNode note = media.upload(ann.token(), "notes..v2.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .expect(201).body();
        JsonNode theirs = media.upload(bob.token(), "theirs.png", Samples.png(9, 9), "image/png").expect(201).body();
        api.post("/api/v1/conversations/" + dm + "/messages", ann.token(), Map.of("client_id", "a1", "text", "my photo",
                "attachments", List.of(mine.get("id").asText(), note.get("id").asText()))).expect(201);
        api.post("/api/v1/conversations/" + dm + "/messages", bob.token(), Map.of("client_id", "b1", "text", "their photo",
                "attachments", List.of(theirs.get("id").asText()))).expect(201);
        api.send(ann, dm, "just words").expect(201);

        String id = api.post("/api/v1/me/export", ann.token(), null).expect(202).body().get("id").asText();
        Map<String, byte[]> archive = downloadBytes(awaitReady("/api/v1/me/exports/" + id, ann.token())
                .get("download_url").asText(), ann.token());
        Map<String, JsonNode> byText = new LinkedHashMap<>();
        for (JsonNode m : Api.JSON.readTree(archive.get("messages/" + dm + ".json")).get("messages")) {
            byText.put(m.get("text").asText(), m);
        }
        JsonNode own = byText.get("my photo").get("attachments");
        assertThat(own).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode want = i == 0 ? mine : note;
            JsonNode a = own.get(i);
            assertThat(a.get("id").asText()).isEqualTo(want.get("id").asText());
            assertThat(a.get("name").asText()).isEqualTo(want.get("name").asText());
            assertThat(a.get("type").asText()).isEqualTo(want.get("type").asText());
            assertThat(a.get("size").asLong()).isEqualTo(want.get("size").asLong());
            assertThat(archive).containsKey(a.get("file").asText()); // where the archive holds it
            assertThat(archive.get(a.get("file").asText())).hasSize(want.get("size").asInt());
        }
        assertThat(own.get(0).get("file").asText()).isEqualTo("files/" + mine.get("id").asText() + "-mine.png");
        JsonNode received = byText.get("their photo").get("attachments");
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("id").asText()).isEqualTo(theirs.get("id").asText());
        assertThat(received.get(0).get("type").asText()).isEqualTo("image/png");
        assertThat(received.get(0).get("size").asLong()).isEqualTo(theirs.get("size").asLong());
        assertThat(received.get(0).get("file").isNull()).as("another person's file is not in the archive").isTrue();
        assertThat(byText.get("just words").get("attachments")).isEmpty();
    }

    /** The archive's entries, name → bytes. */
    static Map<String, byte[]> downloadBytes(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.api.base() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/zip");
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                out.put(e.getName(), zip.readAllBytes());
            }
        }
        return out;
    }
}
