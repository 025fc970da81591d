package dev.parley.client;

/**
 * A file sent with a message.
 *
 * @param type         what the bytes are, found by the server (e.g. {@code image/jpeg}, {@code audio/webm})
 * @param size         bytes of the stored file (images lose their metadata, so this may differ from the upload)
 * @param width        images: pixels after the EXIF orientation was applied; else null
 * @param height       images; else null
 * @param durationMs   audio and video, when the container states it; else null
 * @param url          a signed link that needs no token and expires (about an hour); relative to the node
 * @param thumbnailUrl images: a signed link to the small thumbnail; else null
 */
public record Attachment(String id, String type, String name, long size, Integer width, Integer height,
                         Long durationMs, String url, String thumbnailUrl) {

    /** Shown by a browser as is: an image, audio or video (anything else is offered as a download). */
    public boolean inline() {
        return type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/");
    }
}
