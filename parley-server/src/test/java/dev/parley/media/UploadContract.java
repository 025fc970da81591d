package dev.parley.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Uploading: the type comes from the bytes (never the name or the header), only allowed types
 * are kept, the size cap holds while the body streams in, a decompression bomb is refused from
 * its header, and the daily quota holds. Run against each media store.
 */
abstract class UploadContract {
    /** Small caps, so the size and quota tests stay quick. */
    static final Map<String, String> CAPS = Map.of("media.max_bytes", "2000000", "media.daily_quota_bytes", "6000000");
    static int n;

    abstract TestNode node();

    private Api api() {
        return node().api;
    }

    private Media media() {
        return new Media(api());
    }

    private Person someone() {
        return api().signUp("up" + (++n));
    }

    @Test
    void theTypeComesFromTheBytesNotTheNameOrHeader() {
        Person ann = someone();
        Media.Up up = media().upload(ann.token(), "notes.txt", Samples.png(40, 30), "text/plain").expect(201);
        assertThat(up.body().get("type").asText()).isEqualTo("image/png");
        assertThat(up.body().get("width").asInt()).isEqualTo(40);
        assertThat(up.body().get("height").asInt()).isEqualTo(30);
        // The name keeps what the sender typed and ends in what the bytes are, so a download opens as a picture.
        assertThat(up.body().get("name").asText()).isEqualTo("notes.txt.png");
        assertThat(up.body().get("size").asLong()).isPositive();

        Media.Up text = media().upload(ann.token(), "list", "milk\neggs\n".getBytes(StandardCharsets.UTF_8),
                "image/png").expect(201);
        assertThat(text.body().get("type").asText()).isEqualTo("text/plain");
        assertThat(text.body().get("width").isNull()).isTrue();
        assertThat(text.body().get("name").asText()).isEqualTo("list.txt");
    }

    @Test
    void aNameEndsInAnExtensionOfWhatTheBytesAre() {
        // Plain text named as a page or a script would open as one from the member's disk, where no CSP of ours reaches.
        Person ann = someone();
        byte[] text = "milk\neggs\n".getBytes(StandardCharsets.UTF_8);
        for (String[] c : new String[][] {{"invoice.html", "invoice.html.txt"}, {"setup.BAT", "setup.BAT.txt"},
                {"readme.md", "readme.md"}, {"Notes.TXT", "Notes.TXT"}, {"trailing.", "trailing.txt"}}) {
            Media.Up up = media().upload(ann.token(), c[0], text, "text/html").expect(201);
            assertThat(up.body().get("type").asText()).as(c[0]).isEqualTo("text/plain");
            assertThat(up.body().get("name").asText()).as(c[0]).isEqualTo(c[1]);
        }
        Media.Up photo = media().upload(ann.token(), "holiday.JPEG", Samples.jpeg(20, 10), "image/jpeg").expect(201);
        assertThat(photo.body().get("name").asText()).isEqualTo("holiday.JPEG");
        // At the longest a name may be, the extension still fits: the name is cut, not the extension.
        String longest = "a".repeat(250) + ".html";
        Media.Up cut = media().upload(ann.token(), longest, text, "text/plain").expect(201);
        assertThat(cut.body().get("name").asText()).hasSizeLessThanOrEqualTo(255).endsWith("aaaa.txt");
    }

    @Test
    void htmlRenamedPngIsRefused() {
        Person ann = someone();
        byte[] page = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        Media.Up up = media().upload(ann.token(), "cat.png", page, "image/png");
        assertThat(up.status()).isEqualTo(422);
        assertThat(up.code()).isEqualTo("file_type_not_allowed");
        assertThat(up.body().get("detected_type").asText()).isEqualTo("text/html");
        assertThat(up.body().get("type").asText()).isEqualTo("about:blank");
    }

    @Test
    void aZipIsRefused() throws Exception {
        Person ann = someone();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("zeros"));
            zip.write(new byte[5_000_000]); // a small zip bomb: 5 MB of zeros in a few KB
            zip.closeEntry();
        }
        Media.Up up = media().upload(ann.token(), "photos.jpg", bytes.toByteArray(), "image/jpeg");
        assertThat(up.status()).isEqualTo(422);
        assertThat(up.code()).isEqualTo("file_type_not_allowed");
    }

    @Test
    void aFiftyThousandSquarePngIsRefusedBeforeDecoding() throws Exception {
        Person ann = someone();
        byte[] bomb = Samples.pngBomb(50_000, 50_000); // 2.5 billion pixels, about 10 GB decoded
        assertThat(bomb.length).isLessThan(2_000_000);
        Media.Up up = media().upload(ann.token(), "bomb.png", bomb, "image/png");
        assertThat(up.status()).isEqualTo(422);
        assertThat(up.code()).isEqualTo("image_too_large");
        // The node is intact: the next image goes through.
        media().upload(ann.token(), "fine.png", Samples.png(10, 10), "image/png").expect(201);
    }

    @Test
    void theSizeCapHoldsWhileTheBodyStreams() {
        Person ann = someone();
        byte[] big = new byte[2_500_000];
        // Refused on its declared length while the client sends it: the answer is the 413 every
        // time. The server answered without reading the body, and the reset that closed the
        // connection on the unread bytes lost the answer about one time in twenty under load.
        for (int i = 0; i < 5; i++) {
            Media.Up declared = media().send(uploadRequest(ann.token(), false)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
            assertThat(declared.status()).isEqualTo(413);
            assertThat(declared.code()).isEqualTo("file_too_large");
        }
        // A client that waits to be asked for the body (Expect: 100-continue) gets the 413 without
        // being asked: nothing of the file is sent. (The route opened the body, and so had Jetty
        // send "100 Continue", before it checked the length.)
        String answer = expectContinue(ann.token(), big.length);
        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("file_too_large").doesNotContain("100 Continue");
        // Streamed without a length (chunked): refused once it passes the cap.
        for (boolean expect : new boolean[] {false, true}) {
            Media.Up streamed = media().send(uploadRequest(ann.token(), expect)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
            assertThat(streamed.status()).as("streamed, expect=" + expect).isEqualTo(413);
            assertThat(streamed.code()).isEqualTo("file_too_large");
        }
    }

    @Test
    void aBodyRefusedBeforeItIsReadStillGetsItsAnswer() {
        // No token: refused before the upload is looked at, while the client is still sending it.
        for (int i = 0; i < 5; i++) {
            Media.Up anonymous = media().send(uploadRequest(null, false)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1_500_000])).build());
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.body().path("code").asText()).isNotEmpty();
        }
    }

    /**
     * Sends only the headers of an upload with {@code Expect: 100-continue} and answers everything
     * the server sends until it closes. By a socket: Java 17's HttpClient never completes such a
     * request when the server answers it at once (it waits on for a 100 that will not come).
     */
    private String expectContinue(String token, int length) {
        try (Socket socket = new Socket("127.0.0.1", URI.create(api().base()).getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /api/v1/uploads?name=big.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: text/plain\r\nContent-Length: " + length
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder uploadRequest(String token, boolean expectContinue) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api().base() + "/api/v1/uploads?name=big.txt"))
                .timeout(Duration.ofSeconds(30)).expectContinue(expectContinue);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    @Test
    void anEmptyFileOrNoNameIsRefused() {
        Person ann = someone();
        assertThat(media().upload(ann.token(), "empty.txt", new byte[0], "text/plain").status()).isEqualTo(422);
        HttpRequest noName = HttpRequest.newBuilder(URI.create(api().base() + "/api/v1/uploads"))
                .header("Authorization", "Bearer " + ann.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(Samples.png(4, 4))).build();
        assertThat(media().send(noName).code()).isEqualTo("validation_failed");
        assertThat(media().upload(null, "x.png", Samples.png(4, 4), "image/png").status()).isEqualTo(401);
    }

    @Test
    void theDailyQuotaHolds() {
        Person ann = someone();
        byte[] chunk = new byte[1_900_000];
        java.util.Arrays.fill(chunk, (byte) 'a');
        media().upload(ann.token(), "a.txt", chunk, "text/plain").expect(201);
        media().upload(ann.token(), "b.txt", chunk, "text/plain").expect(201);
        media().upload(ann.token(), "c.txt", chunk, "text/plain").expect(201);
        Media.Up over = media().upload(ann.token(), "d.txt", chunk, "text/plain");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.code()).isEqualTo("quota_exceeded");
        assertThat(over.body().get("retry_after").asLong()).isBetween(1L, 24L * 3600);
        // Another account's quota is its own.
        media().upload(someone().token(), "e.txt", chunk, "text/plain").expect(201);
    }

    @Test
    void uploadsSentAtOnceDoNotPassTheQuotaTogether() throws Exception {
        Person ann = someone();
        byte[] chunk = new byte[1_900_000];
        java.util.Arrays.fill(chunk, (byte) 'a');
        // Eight at once: each is admitted on the same figure (nothing used yet), and only three fit 6 MB.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Media.Up>> ups = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "at-once-" + i + ".txt";
                ups.add(pool.submit(() -> {
                    go.await();
                    return media().upload(ann.token(), name, chunk, "text/plain");
                }));
            }
            go.countDown();
            int stored = 0;
            for (java.util.concurrent.Future<Media.Up> up : ups) {
                Media.Up answer = up.get(120, java.util.concurrent.TimeUnit.SECONDS);
                if (answer.status() == 201) {
                    stored++;
                } else {
                    assertThat(answer.status()).isEqualTo(429);
                    assertThat(answer.code()).isEqualTo("quota_exceeded");
                }
            }
            assertThat(stored).isBetween(1, 3);
        } finally {
            pool.shutdownNow();
        }
        // The quota is used up: one more is refused too.
        assertThat(media().upload(ann.token(), "later.txt", chunk, "text/plain").status()).isEqualTo(429);
    }

    @Test
    void bidiControlsAreDroppedFromTheName() {
        Person ann = someone();
        // "invoice" U+202E "fdp.bat" would show as "invoicetab.pdf" and save as a .bat.
        Media.Up up = media().upload(ann.token(), "invoice\u202Efdp.bat", "echo hi\n".getBytes(StandardCharsets.UTF_8),
                "text/plain").expect(201);
        assertThat(up.body().get("name").asText()).isEqualTo("invoicefdp.bat.txt");
        Media.Up isolate = media().upload(ann.token(), "\u2067a.txt\u2069", "x\n".getBytes(StandardCharsets.UTF_8),
                "text/plain").expect(201);
        assertThat(isolate.body().get("name").asText()).isEqualTo("a.txt");
        assertThat(media().upload(ann.token(), "\u202E\u202C", "x\n".getBytes(StandardCharsets.UTF_8), "text/plain")
                .code()).isEqualTo("validation_failed");
    }

    @Test
    void aWebpLosesItsExifChunk() {
        Person ann = someone();
        byte[] webp = Samples.webpWithExif(300, 200);
        Media.Up up = media().upload(ann.token(), "pic.webp", webp, "image/webp").expect(201);
        assertThat(up.body().get("type").asText()).isEqualTo("image/webp");
        assertThat(up.body().get("width").asInt()).isEqualTo(300);
        assertThat(up.body().get("height").asInt()).isEqualTo(200);
        byte[] stored = media().fetch("/api/v1/media/" + up.id(), ann.token()).body(); // the uploader sees an unsent upload
        assertThat(Samples.contains(stored, "GPS")).isFalse();
        assertThat(Samples.contains(stored, "EXIF")).isFalse();
        assertThat(stored[20] & 0x08).as("VP8X no longer announces EXIF").isZero();
        assertThat(Samples.contains(stored, "VP8L")).isTrue();
        assertThat(stored.length).isEqualTo(up.body().get("size").asInt());
    }

    /**
     * A WebP keeps only the chunks that draw it (and its colour profile, as a JPEG and a PNG keep
     * theirs): a chunk of any other name is dropped like EXIF and XMP, whatever it holds.
     */
    @Test
    void aWebpKeepsOnlyTheChunksThatDrawIt() {
        Person ann = someone();
        byte[] icc = "ICC profile bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] webp = Samples.webp("VP8X", Samples.vp8x(0x20 | 0x10 | 0x08 | 0x04, 300, 200), "ICCP", icc,
                "VP8L", new byte[] {0x2f, 0, 0, 0, 0, 0}, "EXIF", Samples.tiff(1, Samples.GPS),
                "XMP ", ("<x:xmpmeta>" + Samples.GPS + "</x:xmpmeta>").getBytes(StandardCharsets.US_ASCII),
                "LOCA", "lat=51.5074;lon=-0.1278;home".getBytes(StandardCharsets.US_ASCII));
        Media.Up up = media().upload(ann.token(), "pic.webp", webp, "image/webp").expect(201);
        byte[] stored = media().fetch("/api/v1/media/" + up.id(), ann.token()).body();
        assertThat(Samples.contains(stored, "LOCA")).isFalse();
        assertThat(Samples.contains(stored, "lat=51.5074")).isFalse();
        assertThat(Samples.contains(stored, "GPS")).isFalse();
        assertThat(Samples.contains(stored, "XMP ")).isFalse();
        assertThat(Samples.contains(stored, "ICCP")).isTrue();
        assertThat(Samples.contains(stored, "ICC profile bytes")).isTrue();
        assertThat(stored[20] & 0xFF).as("VP8X: colour profile and alpha, no EXIF, no XMP").isEqualTo(0x30);
        assertThat(java.nio.ByteBuffer.wrap(stored, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt())
                .as("RIFF size").isEqualTo(stored.length - 8);
        assertThat(stored.length).isEqualTo(up.body().get("size").asInt());
    }

    /** A PNG's EXIF orientation is applied as a JPEG's is: the picture is stored turned, without the chunk. */
    @Test
    void aPngTurnedByItsExifIsStoredTurned() throws Exception {
        Person ann = someone();
        byte[] turned = Samples.pngWithChunk(Samples.png(40, 20), "eXIf", Samples.tiff(6, Samples.GPS));
        Media.Up up = media().upload(ann.token(), "rot.png", turned, "image/png").expect(201);
        assertThat(up.body().get("width").asInt()).isEqualTo(20);
        assertThat(up.body().get("height").asInt()).isEqualTo(40);
        byte[] stored = media().fetch("/api/v1/media/" + up.id(), ann.token()).body();
        assertThat(Samples.contains(stored, "eXIf")).isFalse();
        assertThat(Samples.contains(stored, "GPS")).isFalse();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(image.getWidth()).isEqualTo(20);
        assertThat(image.getHeight()).isEqualTo(40);
        // Turned 90° clockwise: the red left half is now on top.
        assertThat(new java.awt.Color(image.getRGB(10, 5)).getRed()).isGreaterThan(200);
        assertThat(new java.awt.Color(image.getRGB(10, 35)).getBlue()).isGreaterThan(200);
    }

    /**
     * Under the pixel cap but 8 bytes a pixel (16-bit RGBA), and turned, so it must be decoded
     * whole: 200 MB, over what one decode may take. Refused from its header, before a pixel is
     * decoded, with the pixel cap's code; the node goes on.
     */
    @Test
    void aSixteenBitPngThatWouldNeedMoreMemoryThanTheDecodeBudgetIsRefused() throws Exception {
        Person ann = someone();
        byte[] deep = Samples.pngWithChunk(Samples.png16(5000, 5000), "eXIf", Samples.tiff(6, ""));
        assertThat(deep.length).isLessThan(2_000_000);
        Media.Up up = media().upload(ann.token(), "deep.png", deep, "image/png");
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(422);
        assertThat(up.code()).isEqualTo("image_too_large");
        assertThat(up.body().get("detail").asText()).contains("MB");
        media().upload(ann.token(), "fine.png", Samples.png(10, 10), "image/png").expect(201);
    }

    @Test
    void voiceNotesStateTheirDuration() {
        Person ann = someone();
        Media.Up m4a = media().upload(ann.token(), "voice.m4a", Samples.m4a(4321, 2000), "application/octet-stream")
                .expect(201);
        assertThat(m4a.body().get("type").asText()).isEqualTo("audio/mp4");
        assertThat(m4a.body().get("duration_ms").asLong()).isEqualTo(4321);
        Media.Up opus = media().upload(ann.token(), "voice.ogg", Samples.opus(2000), "audio/webm").expect(201);
        assertThat(opus.body().get("type").asText()).isEqualTo("audio/ogg");
        assertThat(opus.body().get("duration_ms").asLong()).isEqualTo(2000);
    }
}
