package dev.parley.channels.x;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * X's two webhook checks under one secret, both HMAC-SHA256 written {@code sha256=} + base64
 * (X's "Securing webhooks" guide): the challenge-response check (CRC) a GET with
 * {@code crc_token} asks for, and a signature header over a delivery's raw bytes. X signs with the
 * app's consumer secret ({@code x-twitter-webhooks-signature}) and, for apps with an OAuth 2.0
 * client secret, also with that ({@code x-twitter-webhooks-signature-oauth2}, "V2 Webhooks API");
 * the connector holds one of these per secret. Without a secret nothing is answered and nothing
 * verifies.
 */
final class XSignature {
    /** Signed with the consumer secret (API Key Secret). */
    static final String HEADER = "x-twitter-webhooks-signature";
    /** Signed with the OAuth 2.0 client secret. */
    static final String HEADER_OAUTH2 = "x-twitter-webhooks-signature-oauth2";
    private static final String PREFIX = "sha256=";

    private final byte[] secret;

    XSignature(String key) {
        this.secret = key == null || key.isEmpty() ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code sha256=<base64 HMAC of the token>}, or empty with no secret or no token. */
    Optional<String> crcResponse(String crcToken) {
        if (secret == null || crcToken == null || crcToken.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PREFIX + Base64.getEncoder().encodeToString(hmac(crcToken.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Whether {@code header} is the signature of exactly these bytes. The comparison runs over the
     * decoded digests with {@link MessageDigest#isEqual}, whose time does not depend on where they
     * differ; a header that is not {@code sha256=} and base64 is simply not a match.
     */
    boolean verify(byte[] rawBody, String header) {
        if (secret == null || rawBody == null || header == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(rawBody), given);
    }

    private byte[] hmac(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
