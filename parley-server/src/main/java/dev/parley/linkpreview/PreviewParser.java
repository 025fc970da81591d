package dev.parley.linkpreview;

import java.net.URI;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads a page's card from its HTML: Open Graph first (what sites write for exactly this), then
 * the plain {@code <title>} and meta description. Texts are trimmed and capped, and the image is
 * made absolute against the page and kept only if it is http(s).
 */
final class PreviewParser {
    static final int TITLE_CHARS = 200;
    static final int DESCRIPTION_CHARS = 300;

    private PreviewParser() {}

    static LinkPreview parse(String html, URI page) {
        Document doc = Jsoup.parse(html, page.toString());
        String title = first(meta(doc, "og:title"), Optional.ofNullable(doc.title()))
                .map(t -> cap(t, TITLE_CHARS)).orElse(null);
        String description = first(meta(doc, "og:description"), meta(doc, "description"))
                .map(d -> cap(d, DESCRIPTION_CHARS)).orElse(null);
        String image = first(meta(doc, "og:image"), meta(doc, "og:image:url"))
                .flatMap(src -> absolute(page, src)).orElse(null);
        String site = meta(doc, "og:site_name").map(s -> cap(s, 100)).orElse(page.getHost());
        return new LinkPreview(page.toString(), title, description, image, site);
    }

    /** A meta tag's content by property (Open Graph) or name (plain HTML); blank counts as absent. */
    private static Optional<String> meta(Document doc, String key) {
        for (Element e : doc.select("meta[property], meta[name]")) {
            String k = e.hasAttr("property") ? e.attr("property") : e.attr("name");
            if (k.equalsIgnoreCase(key)) {
                String content = e.attr("content").strip();
                if (!content.isEmpty()) {
                    return Optional.of(content);
                }
            }
        }
        return Optional.empty();
    }

    @SafeVarargs
    private static Optional<String> first(Optional<String>... options) {
        for (Optional<String> o : options) {
            if (o.isPresent() && !o.get().isBlank()) {
                return Optional.of(o.get().strip());
            }
        }
        return Optional.empty();
    }

    private static String cap(String s, int max) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 1).strip() + "…";
    }

    static Optional<String> absolute(URI page, String src) {
        try {
            URI u = page.resolve(src.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? Optional.of(u.toString()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
