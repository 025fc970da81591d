package dev.parley.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One HTTP exchange with a node: builds the request, sends it, maps a problem to
 * {@link ParleyException}, and retries what is safe to retry when the connection fails.
 *
 * @implNote Immutable and so thread-safe; {@link #withToken} shares the {@link HttpClient}, so
 * thousands of signed-in clients (the bench) cost one connection pool and one selector thread.
 * Only calls marked {@link Retry#SAFE} are repeated after an I/O failure: those whose repetition
 * answers as the first would (reads, PUTs, PATCHes, read pointers, and sends, which the server
 * deduplicates by {@code client_id}). A retry sends the very same bytes.
 */
final class Transport {
    enum Retry { SAFE, NEVER }

    private final HttpClient http;
    private final String base;
    /** Asked before each request and socket: an embedding app's provider hands out a fresh token when one expires. */
    private final java.util.function.Supplier<String> tokens;
    /** Whether {@link #tokens} is the app's provider, which may answer a fresh token after an expiry. */
    private final boolean refreshable;
    private final Duration timeout;
    private final int retries;

    Transport(HttpClient http, URI base, String token, Duration timeout, int retries) {
        this(http, base, () -> token, false, timeout, retries);
    }

    Transport(HttpClient http, URI base, java.util.function.Supplier<String> tokens, boolean refreshable,
              Duration timeout, int retries) {
        this.http = Objects.requireNonNull(http, "http");
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.refreshable = refreshable;
        this.timeout = timeout;
        this.retries = retries;
    }

    Transport withToken(String newToken) {
        return new Transport(http, URI.create(base), newToken, timeout, retries);
    }

    String token() {
        return tokens.get();
    }

    boolean refreshable() {
        return refreshable;
    }

    HttpClient http() {
        return http;
    }

    Duration timeout() {
        return timeout;
    }

    /** The WebSocket URI for a path: http becomes ws, https wss. */
    URI webSocket(String pathAndQuery) {
        return URI.create(base.replaceFirst("^http", "ws") + pathAndQuery);
    }

    /**
     * @param type what a 2xx body holds; null when the answer has no body worth reading
     * @return the decoded body, or null for no body
     */
    <T> T call(String method, String path, Object body, JavaType type, Retry retry) {
        HttpRequest request = request(method, path, body);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> res;
            try {
                res = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (retry == Retry.NEVER || attempt >= retries) {
                    throw new UncheckedIOException(method + " " + path + " failed after " + (attempt + 1) + " attempt(s)", e);
                }
                pause(attempt);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException(method + " " + path + " interrupted"));
            }
            return decode(res, type);
        }
    }

    /** Posts raw bytes (a file, streamed) and decodes the JSON answer; never retried (a stream is read once). */
    <T> T upload(String path, HttpRequest.BodyPublisher body, JavaType type) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json").header("Content-Type", "application/octet-stream");
        String token = token();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return decode(http.send(b.POST(body).build(), HttpResponse.BodyHandlers.ofByteArray()), type);
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("POST " + path + " interrupted"));
        }
    }

    /**
     * A file's bytes as a stream (the caller closes it).
     *
     * @param pathOrUrl a path under the node ({@code /api/v1/media/…}, as signed links are) or a full URL
     * @param withToken send this client's token (a signed link needs none)
     */
    java.io.InputStream download(String pathOrUrl, boolean withToken) {
        URI uri = URI.create(pathOrUrl.startsWith("/") ? base + pathOrUrl : pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        String token = token();
        if (withToken && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<java.io.InputStream> res = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() >= 400) {
                try (java.io.InputStream problem = res.body()) {
                    throw ParleyException.fromResponse(res.statusCode(), res.headers().firstValue("Retry-After"),
                            problem.readAllBytes());
                }
            }
            return res.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri.getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("GET " + uri.getPath() + " interrupted"));
        }
    }

    private HttpRequest request(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        String token = token();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        try {
            byte[] json = ClientJson.MAPPER.writeValueAsBytes(body);
            return b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body " + body.getClass().getName(), e);
        }
    }

    private static <T> T decode(HttpResponse<byte[]> res, JavaType type) {
        int status = res.statusCode();
        if (status >= 400) {
            throw ParleyException.fromResponse(status, res.headers().firstValue("Retry-After"), res.body());
        }
        if (type == null || res.body().length == 0) {
            return null;
        }
        try {
            return ClientJson.MAPPER.readValue(res.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("the server's answer is not the JSON this client expects ("
                    + type.getRawClass().getSimpleName() + ")", e);
        }
    }

    /** Brief, growing waits: a restarting node or a dropped connection usually recovers fast. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(50L << Math.min(attempt, 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting to retry"));
        }
    }

    /** One path segment, percent-encoded (an emoji, a handle with '@'). */
    static String seg(String s) {
        Objects.requireNonNull(s, "path segment");
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
