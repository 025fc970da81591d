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
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One HTTP exchange with a deployment: builds the request, sends it to a node, maps a problem to
 * {@link ParleyException}, and tries the next node when one cannot be reached.
 *
 * @implNote Immutable and so thread-safe; {@link #withToken} shares the {@link HttpClient} and the
 * {@link Endpoints}, so thousands of signed-in clients (the bench) cost one connection pool and one
 * selector thread, and all of them leave a dead node together. After an I/O failure (or a 503, a
 * node not taking work now) only calls marked {@link Retry#SAFE} are repeated: those whose
 * repetition answers as the first would (reads, PUTs, PATCHes, read pointers, and sends, which the
 * server deduplicates by {@code client_id}); a retry sends the very same bytes. Any other answer
 * (4xx, 5xx) is the deployment's and is never tried on another node.
 */
final class Transport {
    enum Retry {
        /** Repeated after any I/O failure or a 503, on the next node. */
        SAFE,
        /** Not safe to repeat: tried on the next node only when the connection was refused (the request never left). */
        NEVER,
        /** Its body is read once: never repeated at all. */
        STREAMED
    }

    /** How calls and streams cope with unreachable nodes (see {@link ParleyClient.Builder}). */
    record Limits(Duration timeout, int retries, Backoff backoff, Optional<Duration> autoResume) {}

    private final HttpClient http;
    private final Endpoints endpoints;
    /** Asked before each request and socket: an embedding app's provider hands out a fresh token when one expires. */
    private final Supplier<String> tokens;
    /** Whether {@link #tokens} is the app's provider, which may answer a fresh token after an expiry. */
    private final boolean refreshable;
    private final Limits limits;

    Transport(HttpClient http, Endpoints endpoints, Supplier<String> tokens, boolean refreshable, Limits limits) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.refreshable = refreshable;
        this.limits = limits;
    }

    Transport withToken(String newToken) {
        return new Transport(http, endpoints, () -> newToken, false, limits);
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
        return limits.timeout();
    }

    Limits limits() {
        return limits;
    }

    Endpoints endpoints() {
        return endpoints;
    }

    /** A call's way through the nodes, starting at the preferred one. */
    Attempts attempts() {
        return new Attempts(endpoints, limits.backoff(), limits.retries(), endpoints.preferred());
    }

    /** The WebSocket URI for a path on a node: http becomes ws, https wss. */
    URI webSocket(int node, String pathAndQuery) {
        return URI.create(endpoints.base(node).replaceFirst("^http", "ws") + pathAndQuery);
    }

    /**
     * @param type what a 2xx body holds; null when the answer has no body worth reading
     * @return the decoded body, or null for no body
     */
    <T> T call(String method, String path, Object body, JavaType type, Retry retry) {
        return call(method, path, body, type, retry, method + " " + path);
    }

    /** @param what the call in the user's terms, for the message when no node can be reached ("open the stream") */
    <T> T call(String method, String path, Object body, JavaType type, Retry retry, String what) {
        byte[] json = encode(body);
        return decode(send(base -> request(base, method, path, json), HttpResponse.BodyHandlers.ofByteArray(), retry, what),
                type);
    }

    /** Posts raw bytes (a file, streamed) and decodes the JSON answer; never retried (a stream is read once). */
    <T> T upload(String path, HttpRequest.BodyPublisher body, JavaType type) {
        return decode(send(base -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout())
                    .header("Accept", "application/json").header("Content-Type", "application/octet-stream");
            authorize(b);
            return b.POST(body).build();
        }, HttpResponse.BodyHandlers.ofByteArray(), Retry.STREAMED, "POST " + path), type);
    }

    /**
     * A file's bytes as a stream (the caller closes it).
     *
     * @param pathOrUrl a path under the node ({@code /api/v1/media/…}, as signed links are) or a full URL
     * @param withToken send this client's token (a signed link needs none)
     */
    java.io.InputStream download(String pathOrUrl, boolean withToken) {
        HttpResponse<java.io.InputStream> res = send(base -> {
            URI uri = URI.create(pathOrUrl.startsWith("/") ? base + pathOrUrl : pathOrUrl);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout()).GET();
            if (withToken) {
                authorize(b);
            }
            return b.build();
        }, HttpResponse.BodyHandlers.ofInputStream(), Retry.SAFE, "GET " + pathOrUrl.replaceFirst("\\?.*", ""));
        if (res.statusCode() >= 400) {
            try (java.io.InputStream problem = res.body()) {
                throw ParleyException.fromResponse(res.statusCode(), res.headers().firstValue("Retry-After"),
                        problem.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the problem the node answered", e);
            }
        }
        return res.body();
    }

    /**
     * Sends the request to the preferred node and, after a failure the call may repeat, to the
     * next ones (see {@link Attempts}); answers the first response that is not a retried 503.
     */
    private <R> HttpResponse<R> send(Function<String, HttpRequest> request, HttpResponse.BodyHandler<R> handler,
                                     Retry retry, String what) {
        Attempts attempts = attempts();
        while (true) {
            HttpResponse<R> res;
            try {
                res = http.send(request.apply(endpoints.base(attempts.node())), handler);
            } catch (IOException e) {
                boolean again = retry == Retry.SAFE || retry == Retry.NEVER && Attempts.neverSent(e);
                if (again && attempts.awaitNext(Attempts.why(e), Duration.ZERO)) {
                    continue;
                }
                String unsent = again || retry == Retry.STREAMED ? "" : "; not repeated, since it may have been carried out";
                throw new UncheckedIOException("could not " + what + ": " + attempts.summary() + unsent, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException(what + " interrupted"));
            }
            if (res.statusCode() == 503 && retry == Retry.SAFE) {
                Duration after = res.headers().firstValue("Retry-After").flatMap(Transport::seconds).orElse(Duration.ZERO);
                if (attempts.awaitNext("busy (503)", after)) {
                    discard(res);
                    continue;
                }
            }
            return res;
        }
    }

    private void authorize(HttpRequest.Builder b) {
        String token = token();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
    }

    private HttpRequest request(String base, String method, String path, byte[] json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout())
                .header("Accept", "application/json");
        authorize(b);
        if (json == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(json)).build();
    }

    private static byte[] encode(Object body) {
        try {
            return body == null ? null : ClientJson.MAPPER.writeValueAsBytes(body);
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

    /** A streamed body not handed on is closed, so its connection goes back to the pool. */
    private static void discard(HttpResponse<?> res) {
        if (res.body() instanceof java.io.InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is dropped instead of reused: nothing lost
            }
        }
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }

    /** One path segment, percent-encoded (an emoji, a handle with '@'). */
    static String seg(String s) {
        Objects.requireNonNull(s, "path segment");
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
