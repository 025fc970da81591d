package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testing.NodeFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a browser fetches: the page (revalidated each visit), the client's files under
 * {@code /assets/<build id>/} (immutable, the boot's modules preloaded), and at fixed addresses the
 * favicon, the app manifest and its icons, and the service worker (naming the files it keeps).
 */
class WebAssetsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"");
    private static final Pattern PRELOAD = Pattern.compile("<link rel=\"modulepreload\" href=\"/assets/[0-9a-f]+/([^\"]+)\">");

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.node().port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    private static String page() throws Exception {
        return new String(get("/").body(), StandardCharsets.UTF_8);
    }

    private static List<String> assetUrls(String page) {
        List<String> out = new ArrayList<>();
        Matcher m = ASSET.matcher(page);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void thePageIsRevalidatedOnEveryVisitAndUnchangedItIsA304() throws Exception {
        HttpResponse<byte[]> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(type(r)).startsWith("text/html");
        assertThat(header(r, "cache-control")).isEqualTo("no-cache");
        String etag = header(r, "etag");
        assertThat(etag).matches("\"[0-9a-f]{16}\"");
        HttpResponse<byte[]> again = get("/", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/", "If-None-Match", "\"0000000000000000\"").statusCode()).as("another build's page").isEqualTo(200);
    }

    @Test
    void thePageLoadsItsScriptsAndStylesFromTheBuildsImmutableAddresses() throws Exception {
        String page = page();
        String etag = header(get("/"), "etag").replace("\"", "");
        assertThat(page).contains("href=\"/assets/" + etag + "/app.css\"", "src=\"/assets/" + etag + "/js/main.js\"",
                "<script src=\"/assets/" + etag + "/js/theme.js\"></script>");
        assertThat(page).doesNotContain("\"/js/", "\"/app.css\"");
        List<String> urls = assetUrls(page);
        assertThat(urls).hasSizeGreaterThan(20);
        for (String url : urls) {
            HttpResponse<byte[]> r = get(url);
            assertThat(r.statusCode()).as(url).isEqualTo(200);
            assertThat(header(r, "cache-control")).as(url).isEqualTo(IMMUTABLE);
            assertThat(type(r)).as(url).contains(url.endsWith(".css") ? "text/css" : "javascript");
        }
        // HEAD says the same without the body (a link checker, a cache in front of the node).
        HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.node().port() + urls.get(0)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(type(head)).contains(urls.get(0).endsWith(".css") ? "text/css" : "javascript");
        assertThat(header(head, "cache-control")).isEqualTo(IMMUTABLE);
        assertThat(head.body()).isEmpty();
        // The service worker keeps its address: its scope is the folder it is served from.
        assertThat(page).contains("href=\"/manifest.webmanifest\"");
    }

    @Test
    void theModulesTheListNeedsArePreloadedAndTheViewsOpenedLaterAreNot() throws Exception {
        TreeSet<String> preloaded = new TreeSet<>();
        Matcher m = PRELOAD.matcher(page());
        while (m.find()) {
            preloaded.add(m.group(1));
        }
        // Every module in the jar is reached from main.js, statically or by import() (none is dead),
        // except theme.js (a classic script that runs before paint).
        TreeSet<String> modules = new TreeSet<>();
        Path js = Path.of("target/classes/web");
        try (Stream<Path> files = Files.walk(js.resolve("js"))) {
            files.filter(f -> f.toString().endsWith(".js"))
                    .forEach(f -> modules.add(js.relativize(f).toString().replace('\\', '/')));
        }
        modules.remove("js/theme.js");
        WebAssets assets = WebAssets.fromClasspath();
        assertThat(new TreeSet<>(assets.modules())).isEqualTo(modules);
        // The page preloads what main.js imports statically (all it evaluates before the list
        // shows), not the entry itself (its own script tag fetches it), not the views opened later.
        TreeSet<String> boot = new TreeSet<>(assets.bootModules());
        boot.remove("js/main.js");
        assertThat(preloaded).isEqualTo(boot)
                .contains("js/views/sidebar.js", "js/dom.js", "js/store.js", "js/localCopy.js")
                .doesNotContain("js/views/conversation.js", "js/emojiData.js", "js/charts.js", "js/views/settings.js");
        assertThat(preloaded.size()).as("modules evaluated on boot").isLessThan(modules.size() / 2);
    }

    @Test
    void theServiceWorkerNamesThisBuildAndEveryFileItKeepsForOfflineUse() throws Exception {
        HttpResponse<byte[]> r = get("/sw.js");
        String etag = header(r, "etag");
        String build = etag.replace("\"", "");
        String worker = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(worker).contains("const SHELL = { build: '" + build + "', files: ['/', ")
                .doesNotContain(WebAssets.SHELL_MARK);
        for (String url : List.of("/assets/" + build + "/js/main.js", "/assets/" + build + "/js/views/conversation.js",
                "/assets/" + build + "/app.css", "/manifest.webmanifest")) {
            assertThat(worker).contains("'" + url + "'");
            assertThat(get(url).statusCode()).as(url).isEqualTo(200);
        }
        String shell = worker.lines().filter(l -> l.startsWith("const SHELL = ")).findFirst().orElseThrow();
        assertThat(shell).as("what the worker keeps").doesNotContain("'/api/", "/sw.js'", "index.html");
        assertThat(header(r, "cache-control")).isEqualTo("no-cache");
        assertThat(get("/sw.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void anotherBuildsAssetsAndTheOldUnversionedAddressesAreNotFound() throws Exception {
        String build = header(get("/"), "etag").replace("\"", "");
        for (String path : List.of("/assets/0123456789abcdef/js/main.js", "/js/main.js", "/app.css", "/index.html",
                "/assets/" + build + "/js/nothing.js", "/assets/" + build + "/../index.html", "/icons/nothing.png")) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(type(r)).as(path).startsWith("application/problem+json");
        }
    }

    private static String type(HttpResponse<?> r) {
        return r.headers().firstValue("content-type").orElse("");
    }

    @Test
    void theFaviconIsAnIcon() throws Exception {
        HttpResponse<byte[]> r = get("/favicon.ico");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(type(r)).startsWith("image/");
        assertThat(r.body()).startsWith(0, 0, 1, 0); // an ICO header
    }

    @Test
    void theManifestNamesTheAppAndItsIconsAllOfWhichAreServed() throws Exception {
        HttpResponse<byte[]> r = get("/manifest.webmanifest");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(type(r)).startsWith("application/manifest+json");
        JsonNode m = new ObjectMapper().readTree(r.body());
        assertThat(m.get("name").asText()).isEqualTo("Parley");
        assertThat(m.get("start_url").asText()).isEqualTo("/");
        assertThat(m.get("icons").findValuesAsText("sizes")).contains("192x192", "512x512", "any");
        for (JsonNode icon : m.get("icons")) {
            HttpResponse<byte[]> i = get(icon.get("src").asText());
            assertThat(i.statusCode()).as(icon.toString()).isEqualTo(200);
            assertThat(type(i)).isEqualTo(icon.get("type").asText());
            // At a fixed address: revalidated, and unchanged it is a 304 without the bytes again.
            assertThat(header(i, "cache-control")).isEqualTo("no-cache");
            HttpResponse<byte[]> again = get(icon.get("src").asText(), "If-None-Match", header(i, "etag"));
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }
    }

    @Test
    void theServiceWorkerIsScriptUnderTheSiteCspThatAllowsIt() throws Exception {
        HttpResponse<byte[]> r = get("/sw.js");
        assertThat(r.statusCode()).isEqualTo(200);
        // At a fixed address, so it is asked for again rather than kept for a year.
        assertThat(header(r, "cache-control")).doesNotContain("immutable");
        assertThat(type(r)).contains("javascript");
        String csp = r.headers().firstValue("content-security-policy").orElse("");
        assertThat(csp).contains("worker-src 'self'").contains("default-src 'self'");
        assertThat(new String(r.body())).contains("addEventListener('push'").contains("notificationclick");
    }
}
