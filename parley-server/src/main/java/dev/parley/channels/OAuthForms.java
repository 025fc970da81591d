package dev.parley.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.store.Ids;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
}
