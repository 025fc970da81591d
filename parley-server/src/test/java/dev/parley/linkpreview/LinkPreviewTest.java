package dev.parley.linkpreview;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.http.ApiException;
import dev.parley.outbound.OutboundClient;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Link preview cards: a page served on 127.0.0.1 gives its Open Graph card (and its image, through
 * the node) on a node allowed to reach private addresses, fetched once then cached; the plain
 * title and description stand in for missing Open Graph tags; a page with nothing gives 404; and
 * a node left with the default guard refuses the loopback address.
 */
class LinkPreviewTest {
    @RegisterExtension
    static final NodeFixture OPEN = NodeFixture.with(Map.of("outbound.allow_private_addresses", "on"));
    @RegisterExtension
    static final NodeFixture GUARDED = NodeFixture.with(Map.of());

    static HttpServer site;
    static HttpServer other;
    static final AtomicInteger pageHits = new AtomicInteger();
    static final AtomicInteger otherHits = new AtomicInteger();

    @BeforeAll
    static void serve() throws IOException {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/trip", ex -> {
            pageHits.incrementAndGet();
            reply(ex, 200, "text/html; charset=utf-8", ("<html><head><title>Plain title</title>"
                    + "<meta property=\"og:title\" content=\"Three days in the Dolomites\">"
                    + "<meta property=\"og:description\" content=\"Via ferratas,   huts and\n a lot of polenta.\">"
                    + "<meta property=\"og:image\" content=\"/img/cover.png\">"
                    + "<meta property=\"og:site_name\" content=\"Trail Notes\">"
                    + "</head><body>hello</body></html>").getBytes(StandardCharsets.UTF_8));
        });
        site.createContext("/plain", ex -> reply(ex, 200, "text/html", ("<html><head><title> A plain page </title>"
                + "<meta name=\"description\" content=\"Only the basics.\"></head></html>").getBytes(StandardCharsets.UTF_8)));
        site.createContext("/empty", ex -> reply(ex, 200, "text/html", "<html><body>nothing</body></html>".getBytes()));
        site.createContext("/data.json", ex -> reply(ex, 200, "application/json", "{\"title\":\"no\"}".getBytes()));
        site.createContext("/img/cover.png", ex -> reply(ex, 200, "image/png", png()));
        site.createContext("/hop-home", ex -> redirect(ex, url("/trip")));
        site.createContext("/disguised", ex -> reply(ex, 200, "text/html", ("<html><head><title>Disguised</title>"
                + "<meta property=\"og:image\" content=\"/img/page.png\"></head></html>").getBytes(StandardCharsets.UTF_8)));
        site.createContext("/img/page.png", ex -> reply(ex, 200, "image/png",
                "<html><script>alert(document.domain)</script></html>".getBytes(StandardCharsets.UTF_8)));
        site.createContext("/far-image", ex -> reply(ex, 200, "text/html", ("<html><head><title>Far</title>"
                + "<meta property=\"og:image\" content=\"http://127.0.0.1:" + other.getAddress().getPort()
                + "/cover.png\"></head></html>").getBytes(StandardCharsets.UTF_8)));
        site.createContext("/hop-away", ex -> redirect(ex, "http://127.0.0.1:" + other.getAddress().getPort() + "/trip"));
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", ex -> {
            otherHits.incrementAndGet();
            reply(ex, 200, "text/html", "<html><head><title>Elsewhere</title></head></html>".getBytes());
        });
        other.start();
        site.start();
    }

    @AfterAll
    static void stop() {
        site.stop(0);
        other.stop(0);
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().set("Location", to);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + site.getAddress().getPort() + path;
    }

    private static String q(String url) {
        return URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    @Test
    void aPagesOpenGraphCardIsFetchedOnceAndItsImageIsServedByTheNode() {
        Api api = OPEN.api();
        Person ann = api.signUp("ann_lp1");
        int before = pageHits.get();
        var card = api.get("/api/v1/link-preview?url=" + q(url("/trip")), ann.token()).expect(200).body();
        assertThat(card.get("title").asText()).isEqualTo("Three days in the Dolomites");
        assertThat(card.get("description").asText()).isEqualTo("Via ferratas, huts and a lot of polenta.");
        assertThat(card.get("site_name").asText()).isEqualTo("Trail Notes");
        assertThat(card.get("image").asText()).isEqualTo(url("/img/cover.png"));

        // Asked again (by anyone), it comes from the cache: the page is not fetched a second time.
        Person bob = api.signUp("bob_lp1");
        api.get("/api/v1/link-preview?url=" + q(url("/trip")), bob.token()).expect(200);
        assertThat(pageHits.get() - before).isEqualTo(1);

        Api.Res img = api.get("/api/v1/link-preview/image?url=" + q(card.get("image").asText()), ann.token()).expect(200);
        assertThat(img.contentType()).startsWith("image/png");
    }

    /** The node serves a card's image from its own origin: its bytes, not the site's word, say it is one. */
    @Test
    void anImageThatIsNoImageIsNotServedWhateverItsTypeSays() {
        Api api = OPEN.api();
        Person ann = api.signUp("ann_lp5");
        var card = api.get("/api/v1/link-preview?url=" + q(url("/disguised")), ann.token()).expect(200).body();
        Api.Res img = api.get("/api/v1/link-preview/image?url=" + q(card.get("image").asText()), ann.token());
        assertThat(img.status()).isEqualTo(404);
        assertThat(img.code()).isEqualTo("no_preview");
    }

    @Test
    void withoutOpenGraphThePlainTitleAndDescriptionMakeTheCard() {
        Api api = OPEN.api();
        Person ann = api.signUp("ann_lp2");
        var card = api.get("/api/v1/link-preview?url=" + q(url("/plain")), ann.token()).expect(200).body();
        assertThat(card.get("title").asText()).isEqualTo("A plain page");
        assertThat(card.get("description").asText()).isEqualTo("Only the basics.");
        assertThat(card.has("image")).isFalse();
        assertThat(card.get("site_name").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void nothingWorthACardOrNotHtmlIs404AndTheNodeIsNoOpenImageProxy() {
        Api api = OPEN.api();
        Person ann = api.signUp("ann_lp3");
        assertThat(api.get("/api/v1/link-preview?url=" + q(url("/empty")), ann.token()).expect(404).code()).isEqualTo("no_preview");
        assertThat(api.get("/api/v1/link-preview?url=" + q(url("/data.json")), ann.token()).expect(404).code()).isEqualTo("no_preview");
        assertThat(api.get("/api/v1/link-preview?url=" + q(url("/missing")), ann.token()).expect(404).code()).isEqualTo("no_preview");
        // An image no card names is not fetched for anyone.
        assertThat(api.get("/api/v1/link-preview/image?url=" + q(url("/img/cover.png?other")), ann.token())
                .expect(404).code()).isEqualTo("no_preview");
    }

    @Test
    void badUrlsAreProblemsAndSigningInIsRequired() {
        Api api = OPEN.api();
        Person ann = api.signUp("ann_lp4");
        assertThat(api.get("/api/v1/link-preview", ann.token()).expect(400).code()).isEqualTo("validation_failed");
        assertThat(api.get("/api/v1/link-preview?url=" + q("javascript:alert(1)"), ann.token()).expect(422).code())
                .isEqualTo("url_not_allowed");
        assertThat(api.get("/api/v1/link-preview?url=" + q("ftp://example.com/x"), ann.token()).expect(422).code())
                .isEqualTo("url_not_allowed");
        api.get("/api/v1/link-preview?url=" + q(url("/trip")), null).expect(401);
    }

    @Test
    void theDefaultGuardRefusesALoopbackAddressWithoutFetchingIt() {
        Api api = GUARDED.api();
        Person ann = api.signUp("ann_lp5");
        int before = pageHits.get();
        Api.Res r = api.get("/api/v1/link-preview?url=" + q(url("/trip")), ann.token()).expect(422);
        assertThat(r.code()).isEqualTo("url_not_allowed");
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(pageHits.get()).isEqualTo(before);
    }

    @Test
    void onAGuardedNodeOnlyTheWebsPortsAreFetchedSoTheNodeIsNoPortScanner() {
        // Public literals: refused on the port before any lookup or connection, so nothing leaves this machine.
        Api api = GUARDED.api();
        Person ann = api.signUp("ann_lp6");
        for (String u : new String[] {"http://93.184.216.34:22/", "https://93.184.216.34:8443/x", "http://93.184.216.34:6379/"}) {
            Api.Res r = api.get("/api/v1/link-preview?url=" + q(u), ann.token()).expect(422);
            assertThat(r.code()).as(u).isEqualTo("url_not_allowed");
            assertThat(r.body().get("reason").asText()).as(u).isEqualTo("port");
        }
    }

    @Test
    void aRedirectToAnotherPortIsRefusedBeforeItIsFollowed() throws Exception {
        // The site's own port stands for 443 here: the guard is the node's, a loopback site needs it opened.
        int sitePort = site.getAddress().getPort();
        try (OutboundClient client = new OutboundClient(true, Duration.ofSeconds(5), OutboundClient.Resolver.SYSTEM)) {
            LinkPreviews previews = new LinkPreviews(client, Clock.systemUTC(), port -> port == sitePort);
            assertThat(previews.preview(url("/hop-home")).title()).isEqualTo("Three days in the Dolomites");
            int before = otherHits.get();
            assertThatThrownBy(() -> previews.preview(url("/hop-away"))).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.code()).isEqualTo("url_not_allowed");
                assertThat(e.extra()).containsEntry("reason", "port");
            });
            assertThat(otherHits.get()).as("the other port was never reached").isEqualTo(before);
            // An image on another port would be refused by the image route: the card comes without it.
            LinkPreview far = previews.preview(url("/far-image"));
            assertThat(far.title()).isEqualTo("Far");
            assertThat(far.image()).isNull();
        }
    }
}
