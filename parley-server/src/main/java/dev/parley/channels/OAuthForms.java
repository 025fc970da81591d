package dev.parley.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.store.Ids;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every network's OAuth flow needs the same way (Meta's in {@code connect}, X's in {@code x}):
 * form bodies and query strings, unguessable {@code state} and PKCE values, and the networks'
 * JSON answers read leniently (an empty or broken body is an empty object, so a missing field is
 * reported as missing rather than as a parse failure).
 */
public final class OAuthForms {
    public static final ObjectMapper JSON = new ObjectMapper();

    private OAuthForms() {}

    /** {@code application/x-www-form-urlencoded}, spaces as {@code %20} (which every network reads). */
    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** 32 random bytes, URL-safe and unpadded: 43 characters of RFC 7636's unreserved set. */
    public static String randomToken() {
        return Ids.unguessable(32);
    }

    /** The answer's JSON, or an empty object when there is none or it is not JSON. */
    public static JsonNode parse(byte[] body) {
        try {
            JsonNode n = body == null || body.length == 0 ? null : JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** The longest token lifetime believed: Meta's long-lived tokens last 60 days, X's two hours. */
    static final Duration LONGEST_TOKEN_LIFE = Duration.ofDays(365);

    /**
     * When a token the network just gave ends, from its answer's {@code expires_in} (seconds), else
     * {@code otherwise}. The number is the network's (or whoever answers in its place): a lifetime
     * that is not a positive number is not one, and one past a year is taken as a year, so a refresh
     * is still tried and the clock never overflows.
     */
    public static Instant tokenExpiry(JsonNode expiresIn, Clock clock, Instant otherwise) {
        long longest = LONGEST_TOKEN_LIFE.toSeconds();
        long seconds;
        if (expiresIn != null && expiresIn.isIntegralNumber()) {
            seconds = expiresIn.bigIntegerValue().min(java.math.BigInteger.valueOf(longest)).longValue();
        } else if (expiresIn != null && expiresIn.isTextual() && expiresIn.asText().matches("[0-9]{1,18}")) {
            seconds = Math.min(Long.parseLong(expiresIn.asText()), longest); // some answer it as a string
        } else {
            return otherwise;
        }
        return seconds <= 0 ? otherwise : clock.instant().plusSeconds(seconds);
    }
}
