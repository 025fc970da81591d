package dev.parley.channels.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.GuardRefusals;
import dev.parley.channels.OAuthForms;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flows' calls to the networks, through the node's guarded outbound client. A refusal becomes
 * a {@link ChannelException} naming the step and the network's status or error code; the URL
 * (which carries the code, the app secret or a token in Meta's documented shapes) and the answer's
 * body never go into the exception, so nothing secret reaches a log or a response.
 */
final class OAuthHttp {
    private static final int MAX_ANSWER = 256 * 1024;

    private final OutboundClient http;

    OAuthHttp(OutboundClient http) {
        this.http = http;
    }

    JsonNode get(String step, String url, String bearer) throws ChannelException, InterruptedException {
        return call(step, "GET", url, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer), null);
    }

    JsonNode post(String step, String url, String bearer) throws ChannelException, InterruptedException {
        return call(step, "POST", url, Map.of("Authorization", "Bearer " + bearer), null);
    }

    /** A POST with an empty JSON object as its body (X's API takes no form bodies). */
    JsonNode postJson(String step, String url, String bearer) throws ChannelException, InterruptedException {
        return call(step, "POST", url, Map.of("Authorization", "Bearer " + bearer, "Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    JsonNode postForm(String step, String url, Map<String, String> form) throws ChannelException, InterruptedException {
        return call(step, "POST", url, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                OAuthForms.form(form).getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode call(String step, String method, String url, Map<String, String> headers, byte[] body)
            throws ChannelException, InterruptedException {
        OutboundClient.Response r;
        try {
            r = http.request(method, url, headers, body, MAX_ANSWER);
        } catch (IOException e) {
            GuardRefusals.warnIfRefused(step, e);
            throw new ChannelException(ChannelError.TEMPORARY, step + "_unreachable", null,
                    step + ": the network could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode answer = OAuthForms.parse(r.body());
        if (r.status() / 100 != 2) {
            JsonNode code = answer.path("error").path("code"); // Graph's {"error":{"code":190,…}}
            String networkCode = code.canConvertToInt() ? String.valueOf(code.asInt()) : "http_" + r.status();
            ChannelError kind = r.status() >= 500 || r.status() == 429 ? ChannelError.TEMPORARY : ChannelError.REFUSED;
            throw new ChannelException(kind, networkCode, null, step + ": the network answered " + r.status());
        }
        return answer;
    }

    /** A field's text, or null when absent or blank. */
    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    static String url(String base, Map<String, String> query) {
        return base + (base.contains("?") ? "&" : "?") + OAuthForms.form(query);
    }

    static Map<String, String> query(String... pairs) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            q.put(pairs[i], pairs[i + 1]);
        }
        return q;
    }
}
