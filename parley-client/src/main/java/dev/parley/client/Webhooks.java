package dev.parley.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * For a bot's webhook receiver: check that a request really comes from the Parley node, then read
 * it. Parley signs each webhook with the bot's secret:
 * {@code X-Parley-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, the Unix time in
 * {@code X-Parley-Timestamp}. Deliveries for one bot arrive in event order and are retried until
 * the receiver answers 2xx, so a receiver should treat a repeated event token as already handled.
 */
public final class Webhooks {
    public static final String TIMESTAMP_HEADER = "X-Parley-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Parley-Signature";
    /** How far a timestamp may be from now before the request counts as a replay. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private Webhooks() {}

    /**
     * True when the signature was made with this secret over this exact body and timestamp, and
     * the timestamp is within {@link #TOLERANCE} of {@code now}. Compares in constant time.
     *
     * @param body the raw request body, exactly as received
     */
    public static boolean verify(String secret, String timestampHeader, String body, String signatureHeader,
                                 Instant now) {
        if (secret == null || timestampHeader == null || body == null || signatureHeader == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = ("v1=" + hmac(secret, ts + "." + body)).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signatureHeader.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a webhook body (verify it first). */
    public static Webhook read(String body) {
        try {
            return ClientJson.MAPPER.readValue(body, Webhook.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a Parley webhook body", e);
        }
    }

    private static String hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
