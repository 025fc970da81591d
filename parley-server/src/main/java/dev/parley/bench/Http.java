package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The bench's HTTP side: JSON calls to a Parley node, as any client would make them. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String base;
    /** Where the node serves /metrics: a listener of its own, not the public port. */
    private final String metricsUrl;

    Http(String base) {
        this(base, null);
    }

    /** @param metricsUrl the node's /metrics URL; null: none, so server figures are left out */
    Http(String base, String metricsUrl) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.metricsUrl = metricsUrl;
    }

    /** The node answered 429: its rate limits are on, which a load cannot run under. */
    static final class RateLimited extends IllegalStateException {
        RateLimited(String what, String raw) {
            super(what + " failed: HTTP 429 " + raw);
        }
    }

    record Res(int status, JsonNode body, String raw) {
        JsonNode ok(String what) {
            if (status == 429) {
                throw new RateLimited(what, raw);
            }
            if (status / 100 != 2) {
                throw new IllegalStateException(what + " failed: HTTP " + status + " " + raw);
            }
            return body;
        }
    }

    Res call(String method, String path, String token, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            String payload = body == null ? null : JSON.writeValueAsString(body);
            if (payload != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = null;
            if (!r.body().isEmpty() && r.body().startsWith("{")) {
                parsed = JSON.readTree(r.body());
            }
            return new Res(r.statusCode(), parsed, r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + base + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of /metrics, or empty when the node does not answer it (or no metrics URL was given). */
    String metrics() {
        if (metricsUrl == null || metricsUrl.isBlank()) {
            return "";
        }
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    String wsUrl() {
        return base.replaceFirst("^http", "ws") + "/api/v1/stream";
    }
}
