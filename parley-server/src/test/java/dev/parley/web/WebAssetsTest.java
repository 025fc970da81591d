package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testing.NodeFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a browser fetches besides the page: the favicon, the app manifest and its icons, the service worker. */
class WebAssetsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.node().port() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
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
        }
    }

    @Test
    void theServiceWorkerIsScriptUnderTheSiteCspThatAllowsIt() throws Exception {
        HttpResponse<byte[]> r = get("/sw.js");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(type(r)).contains("javascript");
        String csp = r.headers().firstValue("content-security-policy").orElse("");
        assertThat(csp).contains("worker-src 'self'").contains("default-src 'self'");
        assertThat(new String(r.body())).contains("addEventListener('push'").contains("notificationclick");
    }
}
