package dev.parley.channels.meta;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's {@code X-Hub-Signature-256: sha256=<hex>}: HMAC-SHA256 of the delivery's exact bytes
 * with the app secret, compared in constant time. No secret, no header or a malformed one: invalid.
 */
final class MetaSignature {
    private static final String PREFIX = "sha256=";

    private MetaSignature() {}

    static boolean valid(String secret, byte[] raw, String header) {
        if (secret == null || secret.isEmpty() || header == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, raw), given);
    }

    /** The signature Meta would send for these bytes (tests sign their fixtures with it). */
    static byte[] sign(String secret, byte[] raw) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(raw);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean sameText(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
