package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Logs;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A body the client framed wrongly or cut off (bad chunked encoding, fewer bytes than its
 * Content-Length) is the client's mistake: a 400 problem, nothing written, and no ERROR with a
 * stack in the log, which anyone could otherwise flood. It answered 500 internal_error.
 */
class CutOffBodyTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static final Api api = NODE.api();
    static Person ann;
    static Person bob;
    static String dm;

    @BeforeAll
    static void start() {
        ann = api.signUp("ann");
        bob = api.signUp("bob");
        api.follow(bob, ann);
        dm = api.open(ann, bob);
    }

    private static final List<String> BAD_CHUNKS = List.of(
            "{\"handle\":\"abc\"}\r\n0\r\n\r\n", // no size line
            "zz\r\n{}\r\n0\r\n\r\n", // a size that is not hex
            "5\r\n{}\r\n0\r\n\r\n"); // a chunk shorter than its size

    @Test
    void badChunkedEncodingIs400AndLogsNoError() throws IOException {
        List<ILoggingEvent> errors = Logs.warningsWhile(() -> {
            for (String body : BAD_CHUNKS) {
                String answer = raw("POST /api/v1/accounts", null, "Transfer-Encoding: chunked", body, false);
                assertUnreadable(answer);
            }
        });
        assertThat(errors).isEmpty();
        assertThat(api.get("/api/v1/accounts/abc", ann.token()).status()).isEqualTo(404);
    }

    @Test
    void aSendCutOffBeforeItsLengthIs400AndSendsNothing() throws IOException {
        String path = "POST /api/v1/conversations/" + dm + "/messages";
        List<ILoggingEvent> errors = Logs.warningsWhile(() -> {
            assertUnreadable(raw(path, ann.token(), "Content-Length: 100", "{\"client_id\":", true));
            assertUnreadable(raw(path, ann.token(), "Transfer-Encoding: chunked", "zz\r\n{}\r\n0\r\n\r\n", false));
        });
        assertThat(errors).isEmpty();
        assertThat(api.get("/api/v1/conversations/" + dm + "/messages", bob.token()).body().get("items")).isEmpty();
    }

    @Test
    @Tag("sqlite-only") // Jetty's timeout, whatever the store: its 30 s wait once is enough for CI
    void aBodyThatStopsArrivingTimesOutAsAProblem() throws IOException {
        // The connection kept open: Jetty's idle timeout (30 s) ends it, and the answer was a bare 408 text/plain.
        String answer = raw("POST /api/v1/sessions", null, "Content-Length: 100", "{}", false);
        assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json").contains("request_timeout");
    }

    @Test
    void theStreamStillOpensAndSends() {
        Person cat = api.signUp("cat");
        api.follow(cat, ann);
        String other = api.open(ann, cat);
        try (Socket s = Socket.open(NODE.node(), ann.token())) {
            s.send("{\"type\":\"send\",\"conversation_id\":\"" + other + "\",\"client_id\":\"ws-1\",\"text\":\"hello\"}");
            JsonNode ack = s.await(f -> "ws-1".equals(f.path("client_id").asText()));
            assertThat(ack.path("type").asText()).isEqualTo("sent");
        }
    }

    private static void assertUnreadable(String answer) {
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("application/problem+json").contains("validation_failed")
                .contains("The request body could not be read");
    }

    /** A request written byte for byte; {@code halfClose} ends the client's side after the body. */
    private static String raw(String requestLine, String token, String framing, String body, boolean halfClose)
            throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", NODE.node().port())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + framing + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (halfClose) {
                s.shutdownOutput();
            }
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
