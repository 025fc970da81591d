package dev.parley.media;

/**
 * An attachment as a message carries it. {@code url} and {@code thumbnail_url} are signed links
 * that expire (about an hour); fetching the message again gives fresh ones. {@code thumbnail_url}
 * is null for anything that is not an image.
 */
public record AttachmentView(String id, String type, String name, long size, Integer width, Integer height,
                             Long durationMs, String url, String thumbnailUrl) {}
