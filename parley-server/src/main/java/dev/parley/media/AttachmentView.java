package dev.parley.media;

/**
 * An attachment as a message carries it. {@code url} and {@code thumbnail_url} are signed links
 * that expire (about an hour); fetching the message again gives fresh ones. {@code thumbnail_url}
 * is null for anything that is not an image; both are null on a file the viewer may no longer
 * fetch ({@link #unavailable()}).
 */
public record AttachmentView(String id, String type, String name, long size, Integer width, Integer height,
                             Long durationMs, String url, String thumbnailUrl) {

    /**
     * The same file without links, for a viewer on the other side of a block from its sender: a
     * signed link is a bearer link that names no requester, so the route cannot refuse it to them;
     * the one way to keep the file from them is never to hand them a link.
     */
    public AttachmentView unavailable() {
        return new AttachmentView(id, type, name, size, width, height, durationMs, null, null);
    }
}
