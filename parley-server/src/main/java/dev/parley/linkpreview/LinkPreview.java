package dev.parley.linkpreview;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a link's page says about itself, for the card under a message. {@code image} is the page's
 * own image URL; a client shows it only through {@code GET /api/v1/link-preview/image?url=}, so
 * the browser never loads anything from another origin (the CSP's img-src stays 'self').
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinkPreview(String url, String title, String description, String image, String siteName) {

    /** Nothing worth a card: a page with neither a title nor a description. */
    boolean empty() {
        return title == null && description == null;
    }
}
