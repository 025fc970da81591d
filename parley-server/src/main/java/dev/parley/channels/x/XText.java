package dev.parley.channels.x;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A classic DM's text as a person reads it: X shortens every link to {@code t.co} and appends the
 * attached media's own {@code t.co} link to the text. Links are put back as their
 * {@code expanded_url} (a shared post stays a link to it) and the media's link is dropped, since
 * the media comes as an attachment.
 */
final class XText {
    private XText() {}

    /** The expanded text of a {@code message_data}, or null when nothing but the media link was there. */
    static String expanded(JsonNode messageData) {
        String text = XDeliveries.text(messageData, "text");
        if (text == null) {
            return null;
        }
        String mediaLink = XDeliveries.text(messageData.path("attachment").path("media"), "url");
        if (mediaLink != null) {
            text = text.replace(mediaLink, "");
        }
        for (JsonNode u : messageData.path("entities").path("urls")) {
            String shortUrl = XDeliveries.text(u, "url");
            String full = XDeliveries.text(u, "expanded_url");
            if (shortUrl != null && full != null && !shortUrl.equals(mediaLink)) {
                text = text.replace(shortUrl, full);
            }
        }
        text = text.strip();
        return text.isEmpty() ? null : text;
    }
}
