package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import dev.parley.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the stream's upgrade refuses or limits: sockets per account, foreign pages, HTTP sessions. */
@Tag("sqlite-only") // the stream's upgrade guards, whatever the store
class StreamGuardsTest {
    static TestNode node;
    static Api api;
    static int n;

    @BeforeAll
    static void start() {
        node = TestNode.start(Map.of("stream.max_sockets_per_account", "2",
                "stream.allowed_origins", "https://app.example.com"));
        api = node.api;
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String ticket(Person p) {
        return api.post("/api/v1/stream/tickets", p.token(), null).expect(201).body().get("ticket").asText();
    }

    /** The status of a refused upgrade (0 if it was accepted). */
    private static int refusal(Runnable open) {
        try {
            open.run();
            return 0;
        } catch (java.util.concurrent.CompletionException e) {
            return ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    @Test
    void aSocketOverTheCapClosesTheOldestWith4429() throws Exception {
        Person ann = api.signUp("capann" + ++n);
        try (Socket first = Socket.open(node, ann.token()); Socket second = Socket.open(node, ann.token())) {
            Thread.sleep(5); // distinct opening times: "oldest" is then unambiguous
            try (Socket third = Socket.open(node, ann.token())) {
                assertThat(first.awaitClose(Duration.ofSeconds(2))).isEqualTo(4429);
                assertThat(second.isClosed()).isFalse();
                assertThat(third.isClosed()).isFalse();
                // The cap is per account: someone else's sockets are not counted.
                Person bob = api.signUp("capbob" + n);
                try (Socket bobs = Socket.open(node, bob.token())) {
                    assertThat(second.drain(Duration.ofMillis(300))).isEmpty();
                    assertThat(second.isClosed()).isFalse();
                    assertThat(bobs.isClosed()).isFalse();
                }
            }
        }
    }

    @Test
    void aTicketFromAForeignPageIsRefusedAndTheOwnOriginAndListedOnesOpen() {
        Person ann = api.signUp("origin" + ++n);
        int port = node.port();
        assertThat(refusal(() -> Socket.open(node, null, "ticket=" + ticket(ann), Map.of("Origin", "https://evil.example"))))
                .isEqualTo(403);
        assertThat(refusal(() -> Socket.open(node, null, "ticket=" + ticket(ann), Map.of("Origin", "null"))))
                .isEqualTo(403);
        for (String allowed : new String[] {"http://127.0.0.1:" + port, "https://APP.example.com:443"}) {
            try (Socket s = Socket.open(node, null, "ticket=" + ticket(ann), Map.of("Origin", allowed))) {
                assertThat(s.isClosed()).as(allowed).isFalse();
            }
        }
        // Not a browser: a Bearer header, no Origin.
        try (Socket s = Socket.open(node, ann.token())) {
            assertThat(s.isClosed()).isFalse();
        }
    }

    @Test
    void theRefusalSaysWhyAsAProblem() throws IOException {
        Person ann = api.signUp("originp" + ++n);
        String answer = upgrade("/api/v1/stream?ticket=" + ticket(ann), "Origin: https://evil.example\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403");
        assertThat(answer).contains("application/problem+json").contains("\"code\":\"origin_not_allowed\"");
    }

    @Test
    void noUpgradeAnswerSetsACookieEvenTenThousandRefusedOnes() throws IOException {
        Person ann = api.signUp("cookie" + ++n);
        try (Socket accepted = Socket.open(node, ann.token())) {
            assertThat(accepted.isClosed()).isFalse();
        }
        String acceptedAnswer = upgrade("/api/v1/stream", "Authorization: Bearer " + ann.token() + "\r\n");
        assertThat(acceptedAnswer).startsWith("HTTP/1.1 101");
        assertThat(acceptedAnswer.toLowerCase()).doesNotContain("set-cookie");
        for (int i = 0; i < 10_000; i++) {
            String refused = upgrade("/api/v1/stream", "Authorization: Bearer not-a-token-" + i + "\r\n");
            assertThat(refused).startsWith("HTTP/1.1 401");
            if (refused.toLowerCase().contains("set-cookie")) {
                throw new AssertionError("refused upgrade " + i + " set a cookie:\n" + refused);
            }
        }
    }

    @Test
    void theUpgradesQueryStringPassesTheSameTextCheckAsAnyRequest() throws IOException {
        Person ann = api.signUp("qsann" + ++n);
        String auth = "Authorization: Bearer " + ann.token() + "\r\n";
        // Even in a parameter the stream does not read: nothing that a body would refuse gets in.
        String nul = upgrade("/api/v1/stream?note=a%00b", auth);
        assertThat(nul).startsWith("HTTP/1.1 422").contains("application/problem+json")
                .contains("\"code\":\"validation_failed\"").contains("query string");
        String control = upgrade("/api/v1/stream?note=%1B", auth);
        assertThat(control).startsWith("HTTP/1.1 422");
        String notUtf8 = upgrade("/api/v1/stream?note=%C3%28", auth);
        assertThat(notUtf8).startsWith("HTTP/1.1 400").contains("application/problem+json");
        assertThat(upgrade("/api/v1/stream?note=caf%C3%A9", auth)).startsWith("HTTP/1.1 101");
    }

    /** A raw upgrade request; answers the response head (and body, if any, up to 4 KB). */
    private static String upgrade(String path, String headers) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder b = new StringBuilder();
            byte[] buf = new byte[4096];
            while (b.indexOf("\r\n\r\n") < 0 || (b.indexOf(" 101 ") < 0 && !b.toString().contains("}"))) {
                int r;
                try {
                    r = in.read(buf);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                if (r < 0) {
                    break;
                }
                b.append(new String(buf, 0, r, StandardCharsets.ISO_8859_1));
            }
            return b.toString();
        }
    }
}
