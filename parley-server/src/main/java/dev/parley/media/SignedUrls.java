package dev.parley.media;

import dev.parley.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived links to a file, for {@code <img src>} and players, so a token never sits in a URL:
 * an HMAC-SHA256 over the upload's id, the variant (the file or its thumbnail) and the expiry,
 * with a key every node shares through the store (made by whichever node starts first). Expiries
 * are rounded up to the next ten minutes, so a link stays the same for a while and caches well.
 */
final class SignedUrls {
    static final String ORIGINAL = "file";
    static final String THUMBNAIL = "thumbnail";
    private static final String KEY_NAME = "media_url_key";
    private static final String INSERT = "INSERT INTO node_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String GET = "SELECT value FROM node_secrets WHERE name = ?";

    private final byte[] key;
    private final Clock clock;
    private final Duration lifetime;
    private final String base;

    /** @param base the public URL prefix ({@code public_url}), or empty for links relative to the host */
    SignedUrls(Database db, Clock clock, Duration lifetime, String base) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String made = Base64.getEncoder().encodeToString(fresh);
        String shared = db.write(h -> {
            h.createUpdate(INSERT).bind(0, KEY_NAME).bind(1, made).execute();
            return h.createQuery(GET).bind(0, KEY_NAME).mapTo(String.class).one();
        });
        this.key = Base64.getDecoder().decode(shared);
        this.clock = clock;
        this.lifetime = lifetime;
        this.base = base.replaceAll("/+$", "");
    }

    /** The signed address of an upload's file or thumbnail. */
    String url(String id, String variant) {
        return url(id, variant, lifetime);
    }

    /** The same, valid for about {@code valid} (rounded up to the next ten minutes). */
    String url(String id, String variant, Duration valid) {
        long ten = 600;
        long exp = ((clock.instant().plus(valid).getEpochSecond() + ten - 1) / ten) * ten;
        String path = "/api/v1/media/" + id + (variant.equals(THUMBNAIL) ? "/thumbnail" : "");
        return base + path + "?exp=" + exp + "&sig=" + sign(id, variant, exp);
    }

    /** Whether links carry the public address (an outside service can fetch them), not only a path. */
    boolean absolute() {
        return !base.isEmpty();
    }

    /** True if the signature is this node's for this id and variant and has not expired. */
    boolean valid(String id, String variant, String exp, String sig) {
        long expiry;
        try {
            expiry = Long.parseLong(exp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (expiry < clock.instant().getEpochSecond()) {
            return false;
        }
        return MessageDigest.isEqual(sign(id, variant, expiry).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String id, String variant, long exp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal((id + "\n" + variant + "\n" + exp).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing", e);
        }
    }
}
