package dev.parley.account;

import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The short bio and the avatar of a profile (issue 21 point 3). Kept beside {@link Account} rather
 * than in it: only profile views and search results draw them, never the send path.
 */
public final class Profiles {
    public static final int BIO_MAX = 160;
    private static final String CARDS = "SELECT id, bio, avatar_upload_id, avatar_url FROM accounts WHERE id IN (<ids>)";
    private static final String SET_BIO = "UPDATE accounts SET bio = ? WHERE id = ?";
    private static final String SET_AVATAR = "UPDATE accounts SET avatar_upload_id = ? WHERE id = ?";

    private final Database db;
    private final Avatars avatars;

    public Profiles(Database db, Avatars avatars) {
        this.db = db;
        this.avatars = avatars;
    }

    /**
     * What a profile adds to an account: its bio (or null) and its avatar (or null): a signed link
     * to the image the person uploaded, else the picture's address their app provisioned them with
     * ({@code PUT /app/users/{id}}, its {@code avatar_url}), so an app's users show the photos
     * they have in the app.
     */
    public record Card(String bio, String avatarUrl) {
        static final Card NONE = new Card(null, null);
    }

    private record Stored(String bio, String avatarUploadId, String appAvatarUrl) {}

    public Card card(String accountId) {
        return cards(List.of(accountId)).getOrDefault(accountId, Card.NONE);
    }

    /** Each account's card, by id (accounts with neither bio nor avatar get {@link Card#NONE}). */
    public Map<String, Card> cards(Collection<String> ids) {
        Map<String, Card> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, Stored> stored = db.read(h -> {
            Map<String, Stored> m = new HashMap<>();
            h.createQuery(CARDS).bindList("ids", List.copyOf(ids))
                    .map((rs, c) -> m.put(rs.getString(1), new Stored(rs.getString(2), rs.getString(3), rs.getString(4)))).list();
            return m;
        });
        stored.forEach((id, s) -> out.put(id, new Card(s.bio(),
                Optional.ofNullable(s.avatarUploadId()).flatMap(avatars::url).orElse(s.appAvatarUrl()))));
        return out;
    }

    /** Sets the bio: at most {@value #BIO_MAX} characters on one line; empty removes it. */
    public void setBio(String accountId, String raw) {
        String bio = checkBio(raw);
        db.writeVoid(h -> h.execute(SET_BIO, bio.isEmpty() ? null : bio, accountId));
    }

    /**
     * The bio as stored (cleaned as a name is, {@link Validation#cleanText}: a bio is shown beside
     * the name, and kept bidi overrides and zero-width characters), or 422 when longer than
     * {@value #BIO_MAX} characters. Nothing visible left removes it.
     */
    public static String checkBio(String raw) {
        String bio = Validation.cleanText(raw, "bio", 0, Integer.MAX_VALUE);
        int n = bio.codePointCount(0, bio.length());
        if (n > BIO_MAX) {
            throw ApiException.validation("Field 'bio' must be at most " + BIO_MAX + " characters (it has " + n + ").");
        }
        return bio;
    }

    /** Makes an upload of the account's its avatar. */
    public void setAvatar(String accountId, String uploadId) {
        if (uploadId == null || uploadId.isBlank()) {
            throw ApiException.validation("Field 'upload_id' is required.");
        }
        Optional<String> previous = avatarOf(accountId).filter(p -> !p.equals(uploadId));
        avatars.claim(accountId, uploadId, previous);
        db.writeVoid(h -> h.execute(SET_AVATAR, uploadId, accountId));
    }

    /** Back to initials. */
    public void removeAvatar(String accountId) {
        Optional<String> previous = avatarOf(accountId);
        db.writeVoid(h -> h.execute(SET_AVATAR, null, accountId));
        previous.ifPresent(avatars::release);
    }

    private Optional<String> avatarOf(String accountId) {
        return db.read(h -> h.createQuery(CARDS).bindList("ids", List.of(accountId))
                .map((rs, c) -> Optional.ofNullable(rs.getString(3))).findOne()).flatMap(o -> o);
    }
}
