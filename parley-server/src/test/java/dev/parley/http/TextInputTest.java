package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Text the API refuses wherever it appears: NUL and other control characters (PostgreSQL answered
 * 500 for U+0000, SQLite stored it), lone surrogates and bytes that are not UTF-8 (both were
 * silently rewritten). Every refusal is a problem with a stable code, and nothing is stored.
 */
class TextInputTest {
    static TestNode node;
    static Api api;
    static Person ann;
    static Person bob;
    static String dm;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("inbox.triage", "off"));
        api = node.api;
        ann = api.signUp("ann");
        bob = api.signUp("bob");
        api.follow(bob, ann);
        dm = api.open(ann, bob);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String messages() {
        return "/api/v1/conversations/" + dm + "/messages";
    }

    private static void refused(Api.Res r, int status, String detailPart) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo("validation_failed");
        assertThat(r.body().get("detail").asText()).contains(detailPart);
    }

    private static List<String> storedTexts() {
        List<String> out = new ArrayList<>();
        api.get(messages(), ann.token()).expect(200).body().get("items").forEach(m -> out.add(m.get("text").asText()));
        return out;
    }

    @Test
    void nulAndOtherControlCharactersAreRefusedInEveryTextField() {
        String groupMembers = "[\"" + bob.id() + "\"]";
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"n1\",\"text\":\"a\\u0000b\"}"), 422, "U+0000");
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"n\\u0000\",\"text\":\"hello\"}"), 422, "'client_id'");
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"n2\",\"text\":\"bell\\u0007\"}"), 422, "U+0007");
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"n3\",\"text\":\"esc\\u001b[31m\"}"), 422, "U+001B");
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"n4\",\"text\":\"bare\\rCR\"}"), 422, "U+000D");
        // Line breaks some clients draw and others do not: NEL (a C1 control) and Unicode's separators.
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"n6\",\"text\":\"next\\u0085line\"}"), 422, "U+0085");
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"n7\",\"text\":\"line\\u2028sep\"}"), 422, "U+2028");
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"n8\",\"text\":\"para\\u2029sep\"}"), 422, "U+2029");
        refused(api.post("/api/v1/accounts", null,
                "{\"handle\":\"eve\",\"password\":\"correct horse battery\",\"display_name\":\"Eve\\u0000\"}"), 422, "'display_name'");
        refused(api.patch("/api/v1/me", ann.token(), "{\"display_name\":\"Ann\\r\\nSmith\"}"), 422, "U+000D");
        refused(api.post("/api/v1/conversations", ann.token(),
                "{\"member_ids\":" + groupMembers + ",\"title\":\"Trip\\u0000\"}"), 422, "'title'");
        refused(api.post("/api/v1/conversations", ann.token(), "{\"member_ids\":[\"a\\u0000\"]}"), 422, "'member_ids[0]'");
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"n5\",\"te\\u0000xt\":\"hi\"}"), 422, "field name");
        assertThat(api.get("/api/v1/me", ann.token()).body().get("display_name").asText()).doesNotContain("\r");
        assertThat(storedTexts()).isEmpty();

        // Tab and line feed everywhere, and CRLF in message text (pasted Windows text), are fine.
        api.post(messages(), ann.token(), "{\"client_id\":\"ok1\",\"text\":\"line 1\\r\\nline 2\\n\\tindented\"}").expect(201);
        assertThat(storedTexts()).containsExactly("line 1\r\nline 2\n\tindented");
    }

    @Test
    void loneSurrogatesAreRefusedAndPairsKept() {
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"s1\",\"text\":\"x\\ud800\"}"), 422, "lone surrogate");
        refused(api.post(messages(), ann.token(), "{\"client_id\":\"s2\",\"text\":\"\\udc00y\"}"), 422, "lone surrogate");
        refused(api.patch("/api/v1/me", ann.token(), "{\"display_name\":\"\\ude00\\ud83d\"}"), 422, "lone surrogate");
        api.post(messages(), ann.token(), "{\"client_id\":\"s3\",\"text\":\"smile \\ud83d\\ude00\"}").expect(201);
        assertThat(storedTexts()).contains("smile \uD83D\uDE00").noneMatch(t -> t.startsWith("x") || t.endsWith("y"));
    }

    @Test
    void aBodyThatIsNotUtf8IsRefused() throws Exception {
        byte[] prefix = "{\"client_id\":\"u1\",\"text\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xff;
        body[prefix.length + 1] = (byte) 0xfe;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.node().port() + messages()))
                .header("Authorization", "Bearer " + ann.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode problem = Api.JSON.readTree(r.body());
        assertThat(problem.get("code").asText()).isEqualTo("validation_failed");
        assertThat(problem.get("detail").asText()).contains("UTF-8");
        assertThat(storedTexts()).noneMatch(t -> t.contains("\uFFFD"));
    }

    @Test
    void pathAndQueryParametersFollowTheSameRules() {
        // Jetty itself refuses %00 in a path, before any route; the answer is still a problem.
        refused(api.get("/api/v1/conversations/" + dm + "%00", ann.token()), 400, "could not be read");
        refused(api.get("/api/v1/conversations/" + dm + "%01", ann.token()), 422, "U+0001");
        refused(api.get("/api/v1/accounts/" + bob.id() + "%1b", ann.token()), 422, "U+001B");
        refused(api.get(messages() + "?before=%ff", ann.token()), 400, "UTF-8");
        refused(api.get("/api/v1/search/messages?q=a%00b", ann.token()), 422, "U+0000");
    }

    @Test
    void aPercentSignThatStartsNoEscapeIsRefusedNotDropped() throws Exception {
        // The framework dropped a parameter it could not decode: "cursor=%%%" answered the first page.
        for (String path : List.of("/api/v1/conversations?cursor=%%%", "/api/v1/search/messages?q=50%",
                "/api/v1/search/messages?q=a%zz&limit=5")) {
            String answer = rawGet(path, ann.token());
            assertThat(answer).as(path).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("application/problem+json").contains("validation_failed").contains("%25");
        }
        assertThat(rawGet("/api/v1/search/messages?q=50%25", ann.token())).startsWith("HTTP/1.1 200");
    }

    /** A GET sent as written: Java's URI class refuses a broken escape before it could be sent. */
    private static String rawGet(String path, String token) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aStreamFrameWithANulGetsAnErrorFrame() {
        try (Socket s = Socket.open(node, ann.token())) {
            s.send("{\"type\":\"send\",\"conversation_id\":\"" + dm + "\",\"client_id\":\"w1\",\"text\":\"a\\u0000\"}");
            JsonNode error = s.await(f -> "error".equals(f.path("type").asText()));
            assertThat(error.get("client_id").asText()).isEqualTo("w1");
            assertThat(error.at("/problem/code").asText()).isEqualTo("validation_failed");
            assertThat(error.at("/problem/detail").asText()).contains("U+0000");
            s.send("{\"type\":\"send\",\"conversation_id\":\"" + dm + "\",\"client_id\":\"w2\",\"text\":\"\\ud800\"}");
            JsonNode second = s.await(f -> "error".equals(f.path("type").asText()) && "w2".equals(f.path("client_id").asText()));
            assertThat(second.at("/problem/detail").asText()).contains("lone surrogate");
        }
        assertThat(storedTexts()).noneMatch(t -> t.startsWith("a") && t.length() == 2);
    }
}
