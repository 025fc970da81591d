package dev.parley.media;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Uploading and fetching files as a client does: raw bytes in, raw bytes and headers out. */
public final class Media {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Api api;

    public Media(Api api) {
        this.api = api;
    }

    /** An upload's answer: the status and its JSON body. */
    public record Up(int status, JsonNode body) {
        public String id() {
            return body.get("id").asText();
        }

        String code() {
            return body == null ? null : body.path("code").asText(null);
        }

        public Up expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    public Up upload(String token, String name, byte[] bytes, String contentType) {
        return upload("/api/v1", token, name, bytes, contentType);
    }

    Up upload(String prefix, String token, String name, byte[] bytes, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + prefix + "/uploads?name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    Up send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Up(r.statusCode(), r.body().isEmpty() ? null : Api.JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET of a path (or a signed URL, which carries its own host-relative path), with a token or none. */
    HttpResponse<byte[]> fetch(String pathOrUrl, String token, Map<String, String> headers) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : api.base() + pathOrUrl;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(b::header);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> fetch(String pathOrUrl, String token) {
        return fetch(pathOrUrl, token, Map.of());
    }

    /**
     * The keys the disk media store under a node's data directory holds now. The thumbnailer writes
     * a {@code .part} file and renames it while we look, so a file that vanishes mid-walk is skipped
     * and half-written files are not keys.
     */
    public static java.util.Set<String> onDisk(java.nio.file.Path dataDir) {
        java.nio.file.Path root = dataDir.resolve("media");
        java.util.Set<String> keys = new java.util.HashSet<>();
        if (!java.nio.file.Files.isDirectory(root)) {
            return keys;
        }
        try {
            java.nio.file.Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(java.nio.file.Path file,
                        java.nio.file.attribute.BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    if (attributes.isRegularFile() && !name.endsWith(".part")) {
                        keys.add(name);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e)
                        throws IOException {
                    if (e instanceof java.nio.file.NoSuchFileException) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }
}
