package dev.parley.account;

import java.util.Optional;

/**
 * What a profile's avatar asks of the media feature, implemented where media is wired so this
 * package does not import it.
 */
public interface Avatars {
    /**
     * Makes one of the account's own uploaded images its avatar: kept from the sweep of unsent
     * uploads and served by signed link. The avatar before it (if any) is let go.
     *
     * @throws dev.parley.http.ApiException 404 for an upload that is not the account's, 422
     *         {@code not_an_image} for a file that is not an image
     */
    void claim(String accountId, String uploadId, Optional<String> previous);

    /** Lets the avatar go (the sweep deletes it later). */
    void release(String uploadId);

    /** A signed link to the avatar's thumbnail, or empty when it is gone. */
    Optional<String> url(String uploadId);
}
