package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.MutableClock;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Photos, files and voice notes in messages, end to end, for each media store (disk, S3): sending
 * them over HTTP and the stream, what members see, who may fetch a file (members only; everyone
 * else gets what an unknown id gets), how files are served, and that unsend deletes them.
 */
abstract class AttachmentContract {
    static final MutableClock CLOCK = new MutableClock(java.time.Instant.parse("2026-03-02T09:00:00Z"));
    static final String UNKNOWN = "/api/v1/media/u-00000000000000000000";
    static int n;
    Person ann;
    Person bob;
    String dm;

    abstract TestNode node();

    /** The keys the media store holds now. */
    abstract Set<String> storedKeys() throws IOException;

    Api api() {
        return node().api;
    }

    Media media() {
        return new Media(api());
    }

    @BeforeEach
    void pair() {
        n++;
        ann = api().signUp("att_ann" + n);
        bob = api().signUp("att_bob" + n);
        api().follow(ann, bob);
        api().follow(bob, ann);
        dm = api().open(ann, bob);
    }

    Api.Res send(Person from, String conversation, String clientId, String text, List<String> files) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("client_id", clientId);
        if (text != null) {
            body.put("text", text);
        }
        body.put("attachments", files);
        return api().post("/api/v1/conversations/" + conversation + "/messages", from.token(), body);
    }

    String upload(Person p, String name, byte[] bytes) {
        return media().upload(p.token(), name, bytes, "application/octet-stream").expect(201).id();
    }

    static BufferedImage image(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void aPhotoArrivesTurnedWithoutItsLocationAndWithSignedLinks() throws IOException {
        String photo = upload(ann, "beach.jpg", Samples.jpegWithExif(40, 20, 6)); // EXIF: turn 90° clockwise
        JsonNode sent = send(ann, dm, "c1", "", List.of(photo)).expect(201).body();
        assertThat(sent.get("text").asText()).isEmpty();
        JsonNode a = api().get("/api/v1/conversations/" + dm + "/messages", bob.token()).expect(200).body()
                .at("/items/0/attachments/0");
        assertThat(a.get("id").asText()).isEqualTo(photo);
        assertThat(a.get("type").asText()).isEqualTo("image/jpeg");
        assertThat(a.get("name").asText()).isEqualTo("beach.jpg");
        assertThat(a.get("width").asInt()).isEqualTo(20);
        assertThat(a.get("height").asInt()).isEqualTo(40);
        assertThat(a.get("size").asLong()).isPositive();
        // The signed link works without a token (an <img src>), and the bytes hold no EXIF and no location.
        HttpResponse<byte[]> file = media().fetch(a.get("url").asText(), null);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("content-type").orElse("")).startsWith("image/jpeg");
        assertThat(Samples.contains(file.body(), "GPS")).isFalse();
        assertThat(Samples.contains(file.body(), "Exif")).isFalse();
        BufferedImage turned = image(file.body());
        assertThat(turned.getWidth()).isEqualTo(20);
        assertThat(turned.getHeight()).isEqualTo(40);
        // The red left half is now on top.
        assertThat(new java.awt.Color(turned.getRGB(10, 5)).getRed()).isGreaterThan(200);
        assertThat(new java.awt.Color(turned.getRGB(10, 35)).getBlue()).isGreaterThan(200);
        assertThat(a.get("size").asLong()).isEqualTo(file.body().length);
        // The conversation list shows the photo as the last message.
        JsonNode list = api().get("/api/v1/conversations", bob.token()).expect(200).body().get("items");
        JsonNode last = null;
        for (JsonNode c : list) {
            if (c.get("id").asText().equals(dm)) {
                last = c.get("last_message");
            }
        }
        assertThat(last).isNotNull();
        assertThat(last.at("/attachments/0/id").asText()).isEqualTo(photo);
    }

    @Test
    void aPngWithGpsComesBackWithoutIt() {
        byte[] tagged = Samples.pngWithGps(30, 30);
        assertThat(Samples.contains(tagged, "GPS")).isTrue();
        String photo = upload(ann, "map.png", tagged);
        send(ann, dm, "c1", "where I was", List.of(photo)).expect(201);
        HttpResponse<byte[]> file = media().fetch("/api/v1/media/" + photo, bob.token());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(Samples.contains(file.body(), "GPS")).isFalse();
        assertThat(Samples.contains(file.body(), "eXIf")).isFalse();
        assertThat(Samples.contains(file.body(), "tEXt")).isFalse();
    }

    @Test
    void thumbnailsComeInTwoSizesAndNeverEnlarge() throws IOException {
        String photo = upload(ann, "wide.png", Samples.png(1000, 600));
        JsonNode sent = send(ann, dm, "c1", "", List.of(photo)).expect(201).body();
        String small = sent.at("/attachments/0/thumbnail_url").asText();
        assertThat(small).contains("/thumbnail?");
        BufferedImage thumb = Eventually.await("the small thumbnail is made", Duration.ofSeconds(30), () -> {
            try {
                return image(media().fetch(small, null).body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, img -> img != null && img.getWidth() == 320);
        assertThat(thumb.getHeight()).isEqualTo(192);
        BufferedImage large = image(media().fetch("/api/v1/media/" + photo + "/thumbnail?size=large", bob.token()).body());
        assertThat(large.getWidth()).isEqualTo(1000);
        assertThat(storedKeys()).contains(photo, photo + ".small", photo + ".large");
    }

    /**
     * A 16-bit PNG (8 bytes a pixel once decoded) gets its thumbnails: the decode for them is
     * subsampled to what the large one needs, so a large one never fills the heap.
     */
    @Test
    void aSixteenBitPngGetsItsThumbnails() throws IOException {
        String photo = upload(ann, "deep.png", Samples.png16(3000, 2000));
        JsonNode sent = send(ann, dm, "c1", "", List.of(photo)).expect(201).body();
        assertThat(sent.at("/attachments/0/width").asInt()).isEqualTo(3000);
        String small = sent.at("/attachments/0/thumbnail_url").asText();
        BufferedImage thumb = Eventually.await("the small thumbnail is made", Duration.ofSeconds(60), () -> {
            try {
                return image(media().fetch(small, null).body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, img -> img != null && img.getWidth() == 320);
        assertThat(thumb.getHeight()).isEqualTo(213);
        assertThat(new java.awt.Color(thumb.getRGB(100, 100), true).getRed()).isGreaterThan(200);
        BufferedImage large = image(media().fetch("/api/v1/media/" + photo + "/thumbnail?size=large", bob.token()).body());
        assertThat(large.getWidth()).isEqualTo(1280);
        assertThat(large.getHeight()).isEqualTo(853);
    }

    @Test
    void attachmentsGoOverTheStreamAndIntoSync() {
        String since = api().get("/api/v1/sync", bob.token()).expect(200).body().get("next").asText();
        String note = upload(ann, "hello.m4a", Samples.m4a(1500, 100));
        try (Socket bobs = Socket.open(node(), bob.token(), "since=" + since);
             Socket anns = Socket.open(node(), ann.token())) {
            anns.send("{\"type\":\"send\",\"conversation_id\":\"" + dm + "\",\"client_id\":\"ws-1\","
                    + "\"attachments\":[\"" + note + "\"]}");
            JsonNode ack = anns.await(f -> "sent".equals(f.path("type").asText()));
            assertThat(ack.at("/message/attachments/0/id").asText()).isEqualTo(note);
            assertThat(ack.at("/message/attachments/0/duration_ms").asLong()).isEqualTo(1500);
            JsonNode live = bobs.await(f -> "message.created".equals(f.at("/event/type").asText()));
            assertThat(live.at("/event/data/message/attachments/0/type").asText()).isEqualTo("audio/mp4");
            assertThat(live.at("/event/data/message/attachments/0/url").asText()).contains(note);
            assertThat(live.at("/event/data/message/attachments/0/thumbnail_url").isNull()).isTrue();
        }
        JsonNode events = api().get("/api/v1/sync?since=" + since, bob.token()).expect(200).body().get("events");
        assertThat(events.toString()).contains(note);
    }

    @Test
    void anUploadIsTheUploadersAndGoesOutOnce() {
        String photo = upload(ann, "a.png", Samples.png(8, 8));
        // Somebody else's upload is unknown to them.
        Api.Res stolen = send(bob, dm, "b1", "mine now", List.of(photo));
        assertThat(stolen.status()).isEqualTo(422);
        assertThat(stolen.body().get("code").asText()).isEqualTo("attachment_not_found");
        Api.Res first = send(ann, dm, "a1", "", List.of(photo)).expect(201);
        // A retry of the same send answers the same message; another send cannot reuse it.
        Api.Res retry = send(ann, dm, "a1", "", List.of(photo));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().get("id").asText()).isEqualTo(first.body().get("id").asText());
        Api.Res again = send(ann, dm, "a2", "", List.of(photo));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("code").asText()).isEqualTo("attachment_used");
        assertThat(api().get("/api/v1/conversations/" + dm + "/messages", bob.token()).body().get("items")).hasSize(1);
        // Without attachments a message still needs text; more than ten are refused.
        assertThat(send(ann, dm, "a3", "", List.of()).status()).isEqualTo(422);
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(upload(ann, i + ".txt", ("note " + i).getBytes(StandardCharsets.UTF_8)));
        }
        Api.Res tooMany = send(ann, dm, "a4", "", eleven);
        assertThat(tooMany.status()).isEqualTo(422);
        // A failed send leaves its uploads usable.
        send(ann, dm, "a5", "ten notes", eleven.subList(0, 10)).expect(201);
    }

    @Test
    void aMessageRequestIsTextOnly() {
        Person carl = api().signUp("att_carl" + n);
        String request = api().open(ann, carl); // Carl does not follow Ann: a request
        String photo = upload(ann, "hi.png", Samples.png(8, 8));
        Api.Res refused = send(ann, request, "r1", "hi", List.of(photo));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
        assertThat(refused.body().get("code").asText()).isEqualTo("request_text_only");
        send(ann, request, "r2", "hi", List.of()).expect(201);
        // Once Carl accepts, photos are fine.
        api().post("/api/v1/conversations/" + request + "/accept", carl.token(), null).expect(200);
        send(ann, request, "r3", "", List.of(photo)).expect(201);
    }

    @Test
    void onlyMembersFetchAFileEveryoneElseGetsWhatAnUnknownIdGets() {
        Person dan = api().signUp("att_dan" + n);
        Person stranger = api().signUp("att_str" + n);
        api().follow(dan, ann);
        api().follow(ann, dan);
        api().follow(bob, dan);
        api().follow(dan, bob);
        String group = api().open(ann, bob, dan);
        String photo = upload(ann, "g.png", Samples.png(8, 8));
        String file = upload(ann, "g.txt", "group notes".getBytes(StandardCharsets.UTF_8));
        send(ann, group, "g1", "", List.of(photo, file)).expect(201);
        String unsent = upload(ann, "draft.png", Samples.png(8, 8));
        List<String> paths = List.of("/api/v1/media/" + photo, "/api/v1/media/" + photo + "/thumbnail",
                "/api/v1/media/" + file, "/api/v1/media/" + unsent);
        String unknownBody = new String(media().fetch(UNKNOWN, bob.token()).body(), StandardCharsets.UTF_8);
        // Members see the sent files; nobody but Ann sees her unsent upload.
        for (String p : paths.subList(0, 3)) {
            assertThat(media().fetch(p, dan.token()).statusCode()).as(p).isEqualTo(200);
        }
        assertThat(media().fetch(paths.get(3), ann.token()).statusCode()).isEqualTo(200);
        assertRefused(paths.subList(3, 4), bob.token(), unknownBody);
        // A stranger, and no token at all.
        assertRefused(paths, stranger.token(), unknownBody);
        assertRefused(paths, null, unknownBody);
        // A removed member.
        api().delete("/api/v1/conversations/" + group + "/members/" + dan.id(), ann.token()).expect(204);
        assertRefused(paths, dan.token(), unknownBody);
        // A blocked account: Ann blocks Bob.
        assertThat(media().fetch(paths.get(0), bob.token()).statusCode()).isEqualTo(200);
        api().put("/api/v1/accounts/" + bob.id() + "/block", ann.token()).expect(200);
        assertRefused(paths, bob.token(), unknownBody);
        // A token that was signed out.
        String photo2 = upload(ann, "dm.png", Samples.png(8, 8));
        Person eve = api().signUp("att_eve" + n);
        api().follow(eve, ann);
        api().follow(ann, eve);
        String dm2 = api().open(ann, eve);
        send(ann, dm2, "e1", "", List.of(photo2)).expect(201);
        assertThat(media().fetch("/api/v1/media/" + photo2, eve.token()).statusCode()).isEqualTo(200);
        api().delete("/api/v1/sessions/current", eve.token()).expect(204);
        assertRefused(List.of("/api/v1/media/" + photo2), eve.token(), unknownBody);
    }

    @Test
    void anotherBusinesssAgentGetsWhatAnUnknownIdGets() {
        Person owner = api().signUp("att_own" + n);
        String shop = api().post("/api/v1/businesses", owner.token(),
                Map.of("handle", "att_shop" + n, "display_name", "Shop")).expect(201).body().at("/business/id").asText();
        Person rival = api().signUp("att_riv" + n);
        String other = api().post("/api/v1/businesses", rival.token(),
                Map.of("handle", "att_other" + n, "display_name", "Other")).expect(201).body().at("/business/id").asText();
        api().put("/api/v1/accounts/" + shop + "/like", bob.token()).expect(200);
        String c = api().open(bob, new Person(shop, null, null));
        String receipt = upload(bob, "receipt.pdf", "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        send(bob, c, "b1", "my receipt", List.of(receipt)).expect(201);
        String path = "/media/" + receipt;
        assertThat(media().fetch("/api/v1/businesses/" + shop + path, owner.token()).statusCode()).isEqualTo(200);
        String unknownBody = new String(media().fetch(UNKNOWN, bob.token()).body(), StandardCharsets.UTF_8);
        assertRefused(List.of("/api/v1/businesses/" + other + path, "/api/v1/businesses/" + shop + path,
                "/api/v1/media/" + receipt), rival.token(), unknownBody);
        // An outreach opens as a request: text only.
        Api.Res outreach = api().post("/api/v1/businesses/" + shop + "/conversations", owner.token(),
                Map.of("member_ids", List.of(ann.id()), "client_id", "o1", "text", "Hello!",
                        "attachments", List.of(upload(ann, "x.png", Samples.png(4, 4)))));
        assertThat(outreach.status()).isEqualTo(403);
        assertThat(outreach.body().get("code").asText()).isEqualTo("request_text_only");
    }

    private void assertRefused(List<String> paths, String token, String unknownBody) {
        for (String p : paths) {
            HttpResponse<byte[]> r = media().fetch(p, token);
            assertThat(r.statusCode()).as(p).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(p).isEqualTo(unknownBody);
        }
    }

    @Test
    void signedLinksAreBoundToTheFileAndExpire() {
        String photo = upload(ann, "s.png", Samples.png(8, 8));
        String other = upload(ann, "t.png", Samples.png(8, 8));
        JsonNode msg = send(ann, dm, "s1", "", List.of(photo, other)).expect(201).body();
        JsonNode a = msg.get("attachments");
        String url = a.get(0).get("url").asText();
        String query = url.substring(url.indexOf('?'));
        assertThat(media().fetch(url, null).statusCode()).isEqualTo(200);
        // Another file's id, the thumbnail's signature on the file, a changed expiry: all refused.
        assertThat(media().fetch("/api/v1/media/" + other + query, null).statusCode()).isEqualTo(404);
        String thumbQuery = a.get(0).get("thumbnail_url").asText().replaceAll(".*\\?", "?");
        assertThat(media().fetch("/api/v1/media/" + photo + thumbQuery, null).statusCode()).isEqualTo(404);
        assertThat(media().fetch(url.replaceAll("exp=(\\d+)", "exp=9$1"), null).statusCode()).isEqualTo(404);
        CLOCK.advance(Duration.ofHours(2));
        assertThat(media().fetch(url, null).statusCode()).isEqualTo(404);
        // The message, fetched again, carries fresh links.
        String fresh = api().get("/api/v1/messages/" + msg.get("id").asText(), bob.token()).expect(200).body()
                .at("/attachments/0/url").asText();
        assertThat(fresh).isNotEqualTo(url);
        assertThat(media().fetch(fresh, null).statusCode()).isEqualTo(200);
    }

    @Test
    void filesAreServedSoABrowserNeverRunsThem() {
        String pdf = upload(ann, "invoice \"1\".pdf", "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        String text = upload(ann, "notes.txt", "<script>alert(1)</script> is just text here".getBytes(StandardCharsets.UTF_8));
        String photo = upload(ann, "p.png", Samples.png(8, 8));
        send(ann, dm, "h1", "", List.of(pdf, text, photo)).expect(201);
        for (String id : List.of(pdf, text, photo)) {
            HttpResponse<byte[]> r = media().fetch("/api/v1/media/" + id, bob.token());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("content-security-policy")).hasValue("sandbox; default-src 'none'");
        }
        assertThat(media().fetch("/api/v1/media/" + pdf, bob.token()).headers().firstValue("content-disposition").orElse(""))
                .startsWith("attachment;").contains("filename*=UTF-8''invoice%20%221%22.pdf");
        assertThat(media().fetch("/api/v1/media/" + text, bob.token()).headers().firstValue("content-disposition").orElse(""))
                .startsWith("attachment;");
        assertThat(media().fetch("/api/v1/media/" + photo, bob.token()).headers().firstValue("content-disposition").orElse(""))
                .startsWith("inline;");
    }

    @Test
    void voiceNotesAnswerRangeRequests() {
        byte[] voice = Samples.m4a(3000, 5000);
        String note = upload(ann, "v.m4a", voice);
        send(ann, dm, "v1", "", List.of(note)).expect(201);
        String path = "/api/v1/media/" + note;
        HttpResponse<byte[]> part = media().fetch(path, bob.token(), Map.of("Range", "bytes=100-199"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("content-range")).hasValue("bytes 100-199/" + voice.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(voice, 100, 200));
        HttpResponse<byte[]> tail = media().fetch(path, bob.token(), Map.of("Range", "bytes=-10"));
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(voice, voice.length - 10, voice.length));
        assertThat(media().fetch(path, bob.token(), Map.of("Range", "bytes=999999-")).statusCode()).isEqualTo(416);
        HttpResponse<byte[]> whole = media().fetch(path, bob.token());
        assertThat(whole.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(whole.body()).isEqualTo(voice);
    }

    @Test
    void unsendDeletesTheFilesAndThumbnails() throws IOException {
        String photo = upload(ann, "oops.png", Samples.png(600, 400));
        JsonNode sent = send(ann, dm, "u1", "", List.of(photo)).expect(201).body();
        String url = sent.at("/attachments/0/url").asText();
        Eventually.await("thumbnails stored", Duration.ofSeconds(30), () -> {
            try {
                return storedKeys().contains(photo + ".large");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        api().delete("/api/v1/messages/" + sent.get("id").asText(), ann.token()).expect(200);
        assertThat(media().fetch("/api/v1/media/" + photo, bob.token()).statusCode()).isEqualTo(404);
        assertThat(media().fetch(url, null).statusCode()).isEqualTo(404);
        assertThat(storedKeys()).doesNotContain(photo, photo + ".small", photo + ".large");
        JsonNode history = api().get("/api/v1/conversations/" + dm + "/messages", bob.token()).body().at("/items/0");
        assertThat(history.has("attachments")).isFalse();
    }
}
