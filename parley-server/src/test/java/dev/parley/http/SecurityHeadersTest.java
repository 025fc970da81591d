package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every answer, web client and API alike, carries the CSP, nosniff and no-referrer; the API's are not stored. */
class SecurityHeadersTest {

    private static void hasHeaders(Api.Res r, String csp) {
        assertThat(r.http().headers().firstValue("content-security-policy")).as(r.http().uri().toString()).contains(csp);
        assertThat(r.http().headers().firstValue("x-content-type-options")).as(r.http().uri().toString()).contains("nosniff");
        assertThat(r.http().headers().firstValue("referrer-policy")).as(r.http().uri().toString()).contains("no-referrer");
    }

    @Test
    void everyAnswerCarriesThemAndTheSocketOriginComesFromPublicUrl() {
        try (TestNode node = TestNode.start(Map.of("public_url", "https://chat.example.com",
                "web.frame_ancestors", "'self' https://intranet.example.com"))) {
            String csp = "default-src 'self'; script-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
                    + "connect-src 'self' wss://chat.example.com; worker-src 'self'; object-src 'none'; base-uri 'none'; "
                    + "frame-ancestors 'self' https://intranet.example.com";
            Api api = node.api;
            for (String path : List.of("/", "/js/main.js", "/app.css", "/api/v1/rules", "/healthz", "/no/such/page")) {
                hasHeaders(api.get(path, null), csp);
            }
            hasHeaders(api.get("/api/v1/me", null), csp); // a problem (401) too
            hasHeaders(api.post("/api/v1/accounts", null, "{"), csp); // and a 400

            // A signed-in answer is for its account alone: no browser or proxy cache keeps it.
            Api.Person ann = api.signUp("ann");
            for (String path : List.of("/api/v1/me", "/api/v1/conversations", "/api/v1/sync?since=0")) {
                assertThat(api.get(path, ann.token()).http().headers().firstValue("cache-control")).as(path)
                        .contains("no-store");
            }
            assertThat(api.get("/", null).http().headers().firstValue("cache-control")).contains("no-cache");
        }
    }

    @Test
    void withoutPublicUrlSelfCoversTheSocketAndNobodyMayFrame() {
        try (TestNode node = TestNode.start()) {
            hasHeaders(node.api.get("/", null), "default-src 'self'; script-src 'self'; img-src 'self' blob: data:; "
                    + "media-src 'self' blob:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
                    + "frame-ancestors 'none'");
        }
    }
}
