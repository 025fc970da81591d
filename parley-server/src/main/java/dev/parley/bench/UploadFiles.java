package dev.parley.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The files the bench uploads ({@code --uploads}, {@code --upload-burst}, issue 18): a PNG photo
 * stand-in of about 1 MB (720 × 540, a gradient with noise, so it neither compresses to nothing nor
 * is all noise) that the node decodes, re-encodes and thumbnails, and 1 MB of plain text, a file
 * the node only stores. Made once; every upload sends the same bytes.
 */
final class UploadFiles {
    /** One file to send: its bytes, the type the client claims and a name. */
    record File(byte[] bytes, String type, String name, boolean image) {}

    static final File PNG = new File(png(720, 540, 16), "image/png", "bench.png", true);
    static final File TEXT = new File(text(1 << 20), "text/plain", "bench.txt", false);

    /**
     * An upload's answer: its id, how long it took, whether the node took it (201), and the
     * seconds a refusal asked the client to wait ({@code Retry-After}, 0 when none).
     */
    record Uploaded(String id, long nanos, int status, File file, long retryAfter) {}

    private UploadFiles() {}

    /** Every fourth upload is the text file, the rest photos. */
    static File pick(long n) {
        return n % 4 == 3 ? TEXT : PNG;
    }

    static Uploaded upload(HttpClient client, Http http, String token, File f) {
        long start = System.nanoTime();
        HttpRequest req = HttpRequest.newBuilder(URI.create(http.base + "/api/v1/uploads?name="
                        + URLEncoder.encode(f.name(), StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token)
                .header("Content-Type", f.type()).POST(HttpRequest.BodyPublishers.ofByteArray(f.bytes())).build();
        try {
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            String id = r.statusCode() == 201 ? Http.JSON.readTree(r.body()).path("id").asText() : null;
            return new Uploaded(id, took, r.statusCode(), f, r.headers().firstValueAsLong("Retry-After").orElse(0));
        } catch (IOException e) {
            return new Uploaded(null, System.nanoTime() - start, 0, f, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Uploaded(null, System.nanoTime() - start, 0, f, 0);
        }
    }

    /**
     * Whether the small thumbnail of an upload is served yet. Until it is ready the node serves the
     * original in its place, which honours a Range (206); the thumbnail is sent whole (200), so
     * asking for one byte tells them apart without moving the original each time.
     */
    static boolean thumbnailReady(HttpClient client, Http http, String token, String id) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(http.base + "/api/v1/media/" + id + "/thumbnail"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Range", "bytes=0-0").build();
        try {
            return client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static byte[] png(int w, int h, int noise) {
        Random r = new Random(17);
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int red = (x * 255 / w + r.nextInt(noise)) & 255;
                int green = (y * 255 / h + r.nextInt(noise)) & 255;
                int blue = ((x + y) * 127 / (w + h) + r.nextInt(noise)) & 255;
                im.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(im, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] text(int bytes) {
        byte[] line = "Parley bench upload: a plain text file the node stores as it is.\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i += line.length) {
            System.arraycopy(line, 0, out, i, Math.min(line.length, bytes - i));
        }
        return out;
    }

    /** Text bytes per megabyte, for the figures. */
    static double mb(long bytes) {
        return bytes / 1048576.0;
    }
}
