package dev.parley.media;

import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.util.Optional;

/**
 * Uploads that are profile pictures: an image its owner uploaded and did not send, marked so the
 * sweep of unsent uploads keeps it and a signed link serves it to anyone who sees the profile.
 * Wiring adapts it to the account feature's {@code Avatars}.
 */
public final class AvatarFiles {
    private final Database db;
    private final UploadStore store;
    private final SignedUrls urls;

    AvatarFiles(Database db, UploadStore store, SignedUrls urls) {
        this.db = db;
        this.store = store;
        this.urls = urls;
    }

    /** Marks the account's own image as its avatar and lets the one before go, in one transaction. */
    public void claim(String accountId, String uploadId, Optional<String> previous) {
        db.writeVoid(h -> {
            Upload u = store.get(h, uploadId).filter(x -> x.ownerId().equals(accountId))
                    .orElseThrow(() -> ApiException.notFound("upload"));
            if (!u.image()) {
                throw new ApiException(422, "not_an_image", "Not an image", "An avatar must be an image.");
            }
            if (!store.claimAvatar(h, uploadId, accountId)) {
                throw ApiException.conflict("That file was sent in a conversation; upload it again for an avatar.");
            }
            previous.ifPresent(p -> store.releaseAvatar(h, p));
        });
    }

    public void release(String uploadId) {
        db.writeVoid(h -> store.releaseAvatar(h, uploadId));
    }

    /** The signed link to the avatar's thumbnail (the file itself until its thumbnail is made). */
    public Optional<String> url(String uploadId) {
        return db.read(h -> store.get(h, uploadId)).map(u ->
                urls.url(u.id(), u.thumbnails() ? SignedUrls.THUMBNAIL : SignedUrls.ORIGINAL));
    }
}
