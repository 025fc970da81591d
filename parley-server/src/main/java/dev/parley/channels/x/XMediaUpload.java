package dev.parley.channels.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.Outbound;
import dev.parley.outbound.OutboundClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Puts one attachment on X before the DM that carries it, since X takes a DM's media only as a
 * {@code media_id} of its own.
 *
 * <p>Which endpoint: the v2 chunked upload ({@code POST /2/media/upload/initialize}, then
 * {@code /{id}/append} per segment, then {@code /{id}/finalize}, polling
 * {@code GET /2/media/upload?command=STATUS} while X processes it), for every kind. X documents it
 * as the way for videos and GIFs, and its {@code media_category} ({@code dm_image},
 * {@code dm_gif}, {@code dm_video}) is what applies the DM limits; the one-shot
 * {@code POST /2/media/upload} takes images only, so one tested path serves all three.
 *
 * <p>Limits (X's "Media best practices": 5 MB image, 15 MB GIF, 512 MB DM video for an account
 * without Premium) are checked before anything is sent; segments are 4 MB, under X's 5 MB advice.
 */
final class XMediaUpload {
    static final long IMAGE_BYTES = 5L * 1024 * 1024;
    static final long GIF_BYTES = 15L * 1024 * 1024;
    static final long VIDEO_BYTES = 512L * 1024 * 1024;
    static final int SEGMENT_BYTES = 4 * 1024 * 1024;
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/webp", "image/gif");
    private static final Set<String> VIDEO_TYPES = Set.of("video/mp4", "video/quicktime");
    private static final int ANSWER_BYTES = 64 * 1024;
    /** The longest Parley waits for X to process a video before calling the send failed for now. */
    private static final Duration PROCESSING_LIMIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** X's category for a file, and the most it may weigh. */
    record Category(String name, long maxBytes) {
    }

    private final OutboundClient http;
    private final String uploadBase;
    private final XErrors errors;

    XMediaUpload(OutboundClient http, String uploadBase, XErrors errors) {
        this.http = http;
        this.uploadBase = uploadBase;
        this.errors = errors;
    }

    /** The DM category of a file, or REFUSED when X's DMs take no such file or it is too big. */
    static Category check(Outbound.File f) throws ChannelException {
        String type = f.contentType() == null ? "" : f.contentType().toLowerCase(Locale.ROOT);
        Category c;
        if (IMAGE_TYPES.contains(type)) {
            c = type.equals("image/gif") ? new Category("dm_gif", GIF_BYTES) : new Category("dm_image", IMAGE_BYTES);
        } else if (VIDEO_TYPES.contains(type)) {
            c = new Category("dm_video", VIDEO_BYTES);
        } else {
            throw refused("x_media_type", "X's DMs carry images, GIFs and videos, not " + (type.isEmpty() ? "this file" : type));
        }
        if (f.bytes() <= 0 || f.bytes() > c.maxBytes()) {
            throw refused("x_media_size", "X takes a " + c.name() + " of at most " + c.maxBytes() + " bytes, not " + f.bytes());
        }
        return c;
    }

    /** Fetches the file from its signed URL, uploads it, and answers X's media id once it is usable. */
    String upload(String token, Outbound.File f) throws ChannelException, InterruptedException {
        Category c = check(f);
        byte[] bytes = fetch(f, c);
        ObjectNode init = JSON.createObjectNode()
                .put("media_type", f.contentType().toLowerCase(Locale.ROOT))
                .put("total_bytes", bytes.length)
                .put("media_category", c.name());
        JsonNode started = call(token, "POST", "/2/media/upload/initialize", "application/json", init.toString().getBytes(StandardCharsets.UTF_8));
        String id = XDeliveries.text(started.path("data"), "id");
        if (!XDeliveries.isId(id)) {
            throw new ChannelException(ChannelError.TEMPORARY, "x_media_init", null, "X's upload gave no media id");
        }
        for (int segment = 0, from = 0; from < bytes.length; segment++, from += SEGMENT_BYTES) {
            byte[] part = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + SEGMENT_BYTES));
            String boundary = "parley-" + UUID.randomUUID();
            call(token, "POST", "/2/media/upload/" + id + "/append", "multipart/form-data; boundary=" + boundary,
                    multipart(boundary, segment, part));
        }
        JsonNode done = call(token, "POST", "/2/media/upload/" + id + "/finalize", null, null);
        awaitProcessing(token, id, done.path("data").path("processing_info"));
        return id;
    }

    private byte[] fetch(Outbound.File f, Category c) throws ChannelException, InterruptedException {
        OutboundClient.Response r;
        try {
            // One byte over the limit tells "too big" apart from "exactly at the limit".
            r = http.get(f.url(), (int) Math.min(Integer.MAX_VALUE, c.maxBytes() + 1));
        } catch (OutboundClient.Refused e) {
            // The node may not reach that address: trying again will not change it.
            throw refused("attachment_url_refused", "the attachment's URL is not one the node may fetch: " + e.getMessage());
        } catch (IOException e) {
            throw new ChannelException(ChannelError.TEMPORARY, "attachment_fetch", null, "the attachment could not be read: " + e.getMessage());
        }
        if (r.status() != 200) {
            throw new ChannelException(ChannelError.TEMPORARY, "attachment_fetch", null, "the attachment's URL answered " + r.status());
        }
        if (r.body().length == 0 || r.body().length > c.maxBytes()) {
            throw refused("x_media_size", "the attachment is " + r.body().length + " bytes; X takes at most " + c.maxBytes());
        }
        return r.body();
    }

    /** Waits while X says the media is pending or in progress, as often as its {@code check_after_secs} says. */
    private void awaitProcessing(String token, String id, JsonNode info) throws ChannelException, InterruptedException {
        long waited = 0;
        while (info.isObject()) {
            String state = XDeliveries.text(info, "state");
            if (state == null || state.equals("succeeded")) {
                return;
            }
            if (state.equals("failed")) {
                throw refused("x_media_processing", "X could not process the attachment");
            }
            long secs = Math.max(0, info.path("check_after_secs").asLong(1));
            waited += secs;
            if (waited > PROCESSING_LIMIT.toSeconds()) {
                throw new ChannelException(ChannelError.TEMPORARY, "x_media_processing", null, "X is still processing the attachment");
            }
            Thread.sleep(secs * 1000);
            info = call(token, "GET", "/2/media/upload?command=STATUS&media_id=" + id, null, null)
                    .path("data").path("processing_info");
        }
    }

    private JsonNode call(String token, String method, String path, String contentType, byte[] body)
            throws ChannelException, InterruptedException {
        Map<String, String> headers = contentType == null
                ? Map.of("Authorization", "Bearer " + token)
                : Map.of("Authorization", "Bearer " + token, "Content-Type", contentType);
        OutboundClient.Response r;
        try {
            r = http.request(method, uploadBase + path, headers, body, ANSWER_BYTES);
        } catch (IOException e) {
            throw XErrors.unreachable(e);
        }
        if (r.status() / 100 != 2) {
            throw errors.of(r);
        }
        try {
            return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new ChannelException(ChannelError.TEMPORARY, "x_bad_answer", null, "X's upload answered something that is not JSON");
        }
    }

    /** One APPEND's form: {@code segment_index} and the segment as {@code media}. */
    static byte[] multipart(String boundary, int segment, byte[] part) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(part.length + 512);
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"segment_index\"\r\n\r\n" + segment + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"blob\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(part);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static ChannelException refused(String code, String message) {
        return new ChannelException(ChannelError.REFUSED, code, null, message);
    }
}
