package dev.parley.linkpreview;

import dev.parley.http.ApiException;
import dev.parley.memo.Lru;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Link preview cards, fetched by the node through the guarded {@link OutboundClient} (so a private
 * or loopback address is refused unless {@code outbound.allow_private_addresses}), within a size
 * cap (the first {@value #PAGE_BYTES} bytes of HTML; a longer page gets no card) and the client's
 * time cap. Cached in memory only, per node: a card for an hour, "no card" for ten minutes, and the
 * images of cached cards; a restart or another node fetches again, which costs one request.
 *
 * <p>Images are served only for a URL that a cached card names, so the node is no open proxy.
 *
 * <p>Anyone signed in chooses the URL, so on a node that reaches public addresses only, a link (and
 * every redirect it takes, followed here one hop at a time) must name the web's ports, 80 or 443:
 * otherwise the node would knock on any port of any host for whoever asks, a port scanner with its
 * address on it.
 */
public final class LinkPreviews {
    static final int PAGE_BYTES = 512 * 1024;
    static final int IMAGE_BYTES = 1024 * 1024;
    static final int URL_CHARS = 2048;
    private static final Duration CARD_TTL = Duration.ofHours(1);
    private static final Duration MISS_TTL = Duration.ofMinutes(10);
    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    /** Finds a type from the bytes alone (thread-safe). */
    private static final org.apache.tika.Tika TIKA = new org.apache.tika.Tika();
    private static final Set<Integer> WEB_PORTS = Set.of(80, 443);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** An image the node hands on: its bytes and type. */
    public record Image(String type, byte[] bytes) {}

    private record Entry(Optional<LinkPreview> card, Instant until) {}

    private final OutboundClient http;
    private final Clock clock;
    private final IntPredicate portAllowed;
    private final Lru<String, Entry> cards = new Lru<>(1000);
    private final Lru<String, Image> images = new Lru<>(64);

    /** Ports 80 and 443 only, unless the client reaches private addresses (then any: a LAN's own servers). */
    public LinkPreviews(OutboundClient http, Clock clock) {
        this(http, clock, http.reachesPrivateAddresses() ? port -> true : WEB_PORTS::contains);
    }

    LinkPreviews(OutboundClient http, Clock clock, IntPredicate portAllowed) {
        this.http = http;
        this.clock = clock;
        this.portAllowed = portAllowed;
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
            URI uri = URI.create(url);
            checkPort(uri);
            OutboundClient.Response r = follow(uri, IMAGE_BYTES);
            String type = r.headers().getOrDefault("content-type", "").split(";")[0].strip().toLowerCase(Locale.ROOT);
            // SVG is left out: it is a document that can carry script, not just pixels.
            if (r.status() != 200 || !IMAGE_TYPES.contains(type)) {
                throw none();
            }
            // Served from this origin, so the bytes must be an image, whatever the site says: HTML
            // sent as image/png was passed on as image/png. Found as uploads find theirs (Tika).
            String found = TIKA.detect(r.body());
            if (!IMAGE_TYPES.contains(found)) {
                throw none();
            }
            Image img = new Image(found, r.body());
            images.put(url, img);
            return img;
        } catch (IOException | IllegalArgumentException | ApiException e) {
            throw none(); // refused, unreachable or no URL at all: for an image, simply none
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
        String given = url.strip();
        try {
            checkPort(new URI(given)); // before the host is even resolved: a refused port asks no DNS server
        } catch (URISyntaxException e) {
            // not a URL: validate says so
        }
        return http.validate(given);
    }

    private boolean webPort(String url) {
        try {
            return portAllowed.test(port(new URI(url)));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The port a URL reaches: its own, else its scheme's. */
    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private void checkPort(URI uri) throws ApiException {
        checkPort(uri, "names");
    }

    /** @param how how the URL came to this port: it "names" it, or "redirects to" it */
    private void checkPort(URI uri, String how) throws ApiException {
        int port = port(uri);
        if (!portAllowed.test(port)) {
            throw new ApiException(422, "url_not_allowed", "URL not allowed",
                    "'url' " + how + " port " + port + "; previews are fetched from ports 80 and 443 only.",
                    Map.of("reason", "port"));
        }
    }

    /**
     * GETs a URL, following at most {@link OutboundClient#MAX_REDIRECTS} redirects one at a time so
     * each target's port is checked as the first URL's was (the client checks each one's address).
     */
    private OutboundClient.Response follow(URI uri, int maxBytes) throws IOException, InterruptedException {
        URI at = uri;
        for (int hop = 0; ; hop++) {
            OutboundClient.Response r = http.get(at.toString(), maxBytes, false);
            String location = r.headers().get("location");
            if (!REDIRECTS.contains(r.status()) || location == null || hop == OutboundClient.MAX_REDIRECTS) {
                return r;
            }
            try {
                at = at.resolve(location.strip());
            } catch (IllegalArgumentException e) {
                return r; // a Location that is no URL: the redirect is the answer, and no card
            }
            checkPort(at, "redirects to");
        }
    }

    private Optional<LinkPreview> fetch(URI uri) {
        try {
            OutboundClient.Response r = follow(uri, PAGE_BYTES);
            String type = r.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
            if (r.status() != 200 || !(type.contains("text/html") || type.contains("application/xhtml"))) {
                return Optional.empty();
            }
            LinkPreview card = PreviewParser.parse(new String(r.body(), charset(type)), uri);
            if (card.image() != null && !webPort(card.image())) {
                // The image route would refuse it: a card without it, rather than one with a broken picture.
                card = new LinkPreview(card.url(), card.title(), card.description(), null, card.siteName());
            }
            return card.empty() ? Optional.empty() : Optional.of(card);
        } catch (OutboundClient.Refused e) {
            // Resolved to a private address only now (a redirect, or DNS changed since the check).
            // The refusal's own words name a host or are a whole sentence: the reason alone reads right here.
            throw new ApiException(422, "url_not_allowed", "URL not allowed",
                    "'url' leads to an address the node may not fetch (" + e.reason + ").", Map.of("reason", e.reason));
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
