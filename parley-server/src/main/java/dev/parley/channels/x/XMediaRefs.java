package dev.parley.channels.x;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.channels.Inbound;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Media as X describes it in a delivery, made Parley attachments. A photo is an image at
 * {@code media_url_https} (classic) or {@code url} (v2); a video or animated GIF (X stores GIFs as
 * MP4) is the MP4 variant with the highest bit rate. DM media URLs need the business's token to
 * fetch; the core fetches them through the outbound client.
 */
final class XMediaRefs {
    private final Map<String, JsonNode> byKey;

    private XMediaRefs(Map<String, JsonNode> byKey) {
        this.byKey = byKey;
    }

    /** The v2 {@code includes.media} array, looked up by {@code media_key}. */
    static XMediaRefs of(JsonNode includesMedia) {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode m : includesMedia) {
            String key = XDeliveries.text(m, "media_key");
            if (key != null) {
                byKey.put(key, m);
            }
        }
        return new XMediaRefs(byKey);
    }

    /** The attachment a v2 media key names; a key the delivery does not describe gives none. */
    Inbound.Attachment byKey(String mediaKey) {
        JsonNode m = byKey.get(mediaKey);
        return m == null ? null : attachment(m, "url");
    }

    /** The Account Activity {@code message_data.attachment} ({@code type: media}), if any. */
    static List<Inbound.Attachment> classicAttachment(JsonNode attachment) {
        if (!"media".equals(XDeliveries.text(attachment, "type"))) {
            return List.of();
        }
        Inbound.Attachment a = attachment(attachment.path("media"), "media_url_https");
        return a == null ? List.of() : List.of(a);
    }

    private static Inbound.Attachment attachment(JsonNode media, String photoUrlField) {
        String type = XDeliveries.text(media, "type");
        if ("photo".equals(type)) {
            String url = XDeliveries.text(media, photoUrlField);
            return url == null ? null : new Inbound.Attachment("image", url, null);
        }
        if ("video".equals(type) || "animated_gif".equals(type)) {
            // Classic deliveries nest the variants in video_info; v2 puts them on the media itself.
            JsonNode variants = media.has("variants") ? media.get("variants") : media.path("video_info").path("variants");
            String best = null;
            long bestRate = -1;
            for (JsonNode v : variants) {
                if (!"video/mp4".equals(XDeliveries.text(v, "content_type"))) {
                    continue;
                }
                long rate = v.has("bit_rate") ? v.get("bit_rate").asLong() : v.path("bitrate").asLong(0);
                if (rate > bestRate && XDeliveries.text(v, "url") != null) {
                    bestRate = rate;
                    best = XDeliveries.text(v, "url");
                }
            }
            return best == null ? null : new Inbound.Attachment("video", best, null);
        }
        return null;
    }
}
