package dev.parley.client;

/**
 * An uploaded file, ready to go out with one message ({@link Draft#withAttachments}). Only its
 * uploader may send it, once; unsent, it is deleted after 24 hours.
 *
 * @param type       found from the bytes by the server, whatever the name says
 * @param width      images: pixels, after the EXIF orientation was applied; else null
 * @param durationMs audio and video, when the container states it; else null
 */
public record Upload(String id, String type, String name, long size, Integer width, Integer height, Long durationMs) {}
