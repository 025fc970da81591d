package dev.parley.media;

import java.time.Instant;

/**
 * One uploaded file as stored. Unused while {@code conversationId} is null; once sent it belongs
 * to that message ({@code conversationId}, {@code seq}) for good.
 *
 * @param type       what the bytes are (found by Apache Tika, never from the name or a header)
 * @param width      images: pixels after the EXIF orientation was applied; else null
 * @param durationMs audio and video: when it could be read cheaply from the container; else null
 * @param thumbnails true once both thumbnails are stored
 */
public record Upload(String id, String ownerId, String type, String name, long size, Integer width, Integer height,
                     Long durationMs, boolean thumbnails, Instant createdAt, String conversationId, Long seq) {

    public boolean used() {
        return conversationId != null;
    }

    public boolean image() {
        return type.startsWith("image/");
    }

    /** Shown inline by a browser (image, audio, video); anything else is served as a download. */
    public boolean inline() {
        return image() || type.startsWith("audio/") || type.startsWith("video/");
    }
}
