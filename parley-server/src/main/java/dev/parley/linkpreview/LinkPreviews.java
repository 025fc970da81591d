package dev.parley.linkpreview;

import dev.parley.http.ApiException;
import dev.parley.memo.Lru;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Link preview cards, fetched by the node through the guarded {@link OutboundClient} (so a private
 * or loopback address is refused unless {@code outbound.allow_private_addresses}), within a size
 * cap (the first {@value #PAGE_BYTES} bytes of HTML; a longer page gets no card) and the client's
 * time cap. Cached in memory only, per node: a card for an hour, "no card" for ten minutes, and the
 * images of cached cards; a restart or another node fetches again, which costs one request.
 *
 * <p>Images are served only for a URL that a cached card names, so the node is no open proxy.
 */
public final class LinkPreviews {
    static final int PAGE_BYTES = 512 * 1024;
    static final int IMAGE_BYTES = 1024 * 1024;
    static final int URL_CHARS = 2048;
    private static final Duration CARD_TTL = Duration.ofHours(1);
    private static final Duration MISS_TTL = Duration.ofMinutes(10);
    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** An image the node hands on: its bytes and type. */
    public record Image(String type, byte[] bytes) {}

    private record Entry(Optional<LinkPreview> card, Instant until) {}

    private final OutboundClient http;
    private final Clock clock;
    private final Lru<String, Entry> cards = new Lru<>(1000);
    private final Lru<String, Image> images = new Lru<>(64);

    public LinkPreviews(OutboundClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * The card for a URL.
     *
     * @throws ApiException 422 {@code url_not_allowed} for a bad or private URL, 404 {@code no_preview}
     *                      when the page can't be read or says nothing worth a card
     */
    public LinkPreview preview(String url) {
        URI uri = allowed(url);
        String key = uri.toString();
        Entry hit = cached(key);
        if (hit == null) {
            hit = new Entry(fetch(uri), clock.instant());
            Duration ttl = hit.card().isPresent() ? CARD_TTL : MISS_TTL;
            hit = new Entry(hit.card(), clock.instant().plus(ttl));
            cards.put(key, hit);
        }
        return hit.card().orElseThrow(LinkPreviews::none);
    }

    /** A cached card's image, fetched once; 404 for any URL no cached card names. */
    public Image image(String url) {
        Image known = images.get(url);
        if (known != null) {
            return known;
        }
        if (!namedByACard(url)) {
            throw none();
        }
        try {
            OutboundClient.Response r = http.get(url, IMAGE_BYTES, true);
            String type = r.headers().getOrDefault("content-type", "").split(";")[0].strip().toLowerCase(Locale.ROOT);
            // SVG is left out: it is a document that can carry script, not just pixels.
            if (r.status() != 200 || !IMAGE_TYPES.contains(type)) {
                throw none();
            }
            Image img = new Image(type, r.body());
            images.put(url, img);
            return img;
        } catch (IOException e) {
            throw none();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw none();
        }
    }

    private URI allowed(String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.badRequest("Query parameter 'url' is required.");
        }
        if (url.length() > URL_CHARS) {
            throw ApiException.validation("Query parameter 'url' must be at most " + URL_CHARS + " characters.");
        }
        return http.validate(url.strip());
    }

    private Optional<LinkPreview> fetch(URI uri) {
        try {
            OutboundClient.Response r = http.get(uri.toString(), PAGE_BYTES, true);
            String type = r.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
            if (r.status() != 200 || !(type.contains("text/html") || type.contains("application/xhtml"))) {
                return Optional.empty();
            }
            LinkPreview card = PreviewParser.parse(new String(r.body(), charset(type)), uri);
            return card.empty() ? Optional.empty() : Optional.of(card);
        } catch (OutboundClient.Refused e) {
            // Resolved to a private address only now (a redirect, or DNS changed since the check).
            throw new ApiException(422, "url_not_allowed", "URL not allowed", "'url' names " + e.getMessage() + ".",
                    Map.of("reason", e.reason));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static java.nio.charset.Charset charset(String contentType) {
        int at = contentType.indexOf("charset=");
        if (at >= 0) {
            try {
                return java.nio.charset.Charset.forName(contentType.substring(at + 8).split(";")[0].strip().replace("\"", ""));
            } catch (IllegalArgumentException ignored) {
                // an unknown charset: read it as UTF-8, the web's default
            }
        }
        return StandardCharsets.UTF_8;
    }

    private Entry cached(String key) {
        Entry e = cards.get(key);
        if (e == null || clock.instant().isAfter(e.until())) {
            cards.remove(key);
            return null;
        }
        return e;
    }

    private boolean namedByACard(String imageUrl) {
        return cards.anyValue(e -> e.card().map(c -> imageUrl.equals(c.image())).orElse(false));
    }

    private static ApiException none() {
        return new ApiException(404, "no_preview", "No preview", "There is no preview for this link.");
    }
}
