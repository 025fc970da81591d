package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whatever ends a session ends the sockets opened with it, not only its HTTP calls. */
class RevocationTest {
    static final String PASSWORD = "correct horse battery";
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;



    private static boolean isMessage(JsonNode f, String text) {
        return "event".equals(f.path("type").asText()) && text.equals(f.at("/event/data/message/text").asText());
    }

    /** A second session of the same person, as another device would sign in. */
    private static String signIn(Person p, String password) {
        return api.post("/api/v1/sessions", null, Map.of("handle", p.handle(), "password", password)).expect(201)
                .body().get("token").asText();
    }

    /** The socket is registered (it got an event), so what follows cannot race its opening. */
    private static void awaitLive(Person from, String dm, Socket... sockets) {
        String probe = "probe-" + System.nanoTime();
        api.send(from, dm, probe).expect(201);
        for (Socket s : sockets) {
            s.await(f -> isMessage(f, probe));
        }
    }

    @Test
    void signingOutClosesTheSocketsOpenedWithThatTokenWith4401() {
        n++;
        Person ann = api.signUp("rvann" + n);
        Person bob = api.signUp("rvbob" + n);
        api.setDmPolicy(bob, "everyone");
        String dm = api.open(ann, bob);
        String laptop = signIn(bob, PASSWORD);
        try (Socket phone = Socket.open(NODE.node(), bob.token()); Socket other = Socket.open(NODE.node(), laptop)) {
            awaitLive(ann, dm, phone, other);
            api.delete("/api/v1/sessions/current", bob.token()).expect(204);

            assertThat(phone.awaitClose(Duration.ofSeconds(2))).isEqualTo(4401);
            assertThat(api.get("/api/v1/me", bob.token()).status()).isEqualTo(401);
            // The other device signed in on its own: it stays open and keeps receiving.
            api.send(ann, dm, "still here").expect(201);
            other.await(f -> isMessage(f, "still here"));
            assertThat(other.isClosed()).isFalse();
        }
    }

    @Test
    void aTicketIssuedBeforeSignOutNoLongerOpensAStream() {
        n++;
        Person ann = api.signUp("rvtk" + n);
        String ticket = api.post("/api/v1/stream/tickets", ann.token(), null).expect(201).body().get("ticket").asText();
        api.delete("/api/v1/sessions/current", ann.token()).expect(204);
        try (Socket s = Socket.open(NODE.node(), null, "ticket=" + ticket)) {
            throw new AssertionError("the upgrade was accepted: " + s);
        } catch (java.util.concurrent.CompletionException refused) {
            assertThat(refused.getCause()).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
            assertThat(((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionAndItsSockets() {
        n++;
        Person ann = api.signUp("rvpw" + n);
        Person bob = api.signUp("rvpwb" + n);
        api.setDmPolicy(ann, "everyone");
        String dm = api.open(bob, ann);
        String stolen = signIn(ann, PASSWORD);
        try (Socket thief = Socket.open(NODE.node(), stolen); Socket mine = Socket.open(NODE.node(), ann.token())) {
            awaitLive(bob, dm, thief, mine);
            Api.Res wrong = api.call("PUT", "/api/v1/me/password", ann.token(),
                    Map.of("current_password", "not it at all", "new_password", "a brand new secret"));
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.code()).isEqualTo("wrong_password");
            Api.Res weak = api.call("PUT", "/api/v1/me/password", ann.token(),
                    Map.of("current_password", PASSWORD, "new_password", "short"));
            assertThat(weak.status()).isEqualTo(422);
            assertThat(weak.contentType()).startsWith("application/problem+json");
            assertThat(thief.isClosed()).as("a refused change ends nothing").isFalse();

            api.call("PUT", "/api/v1/me/password", ann.token(),
                    Map.of("current_password", PASSWORD, "new_password", "a brand new secret")).expect(204);

            assertThat(thief.awaitClose(Duration.ofSeconds(2))).isEqualTo(4401);
            assertThat(api.get("/api/v1/me", stolen).status()).isEqualTo(401);
            assertThat(api.get("/api/v1/me", ann.token()).status()).isEqualTo(200);
            assertThat(mine.isClosed()).isFalse();
            assertThat(api.post("/api/v1/sessions", null, Map.of("handle", ann.handle(), "password", PASSWORD))
                    .status()).isEqualTo(401);
            signIn(ann, "a brand new secret");
        }
    }

    @Test
    void aSendFrameAfterSignOutIsNeverStored() {
        n++;
        Person ann = api.signUp("rvsend" + n);
        Person bob = api.signUp("rvsendb" + n);
        api.setDmPolicy(bob, "everyone");
        String dm = api.open(ann, bob);
        try (Socket s = Socket.open(NODE.node(), ann.token())) {
            awaitLive(ann, dm, s);
            api.delete("/api/v1/sessions/current", ann.token()).expect(204);
            try {
                s.send("{\"type\":\"send\",\"conversation_id\":\"" + dm + "\",\"client_id\":\"late\",\"text\":\"after sign-out\"}");
            } catch (RuntimeException closedAlready) {
                // the server closed it first: exactly what should happen
            }
            assertThat(s.awaitClose(Duration.ofSeconds(2))).isEqualTo(4401);
            assertThat(s.received()).noneMatch(f -> "sent".equals(f.path("type").asText()));
        }
        List<String> texts = api.get("/api/v1/conversations/" + dm + "/messages", bob.token()).expect(200).body()
                .get("items").findValuesAsText("text");
        assertThat(texts).doesNotContain("after sign-out");
    }

    /**
     * The admin command runs in another process and, without Redis, cannot reach the node: the
     * node's sweep finds the session gone from the store and closes the socket within 10 s.
     */
    @Test
    void suspendingWithTheAdminCommandClosesTheSocketWithinTheSweep() throws Exception {
        n++;
        Person ann = api.signUp("rvsusp" + n);
        try (Socket s = Socket.open(NODE.node(), ann.token())) {
            java.nio.file.Path conf = java.nio.file.Files.createTempFile("parley", ".conf");
            dev.parley.config.Settings settings = NODE.node().node().settings();
            java.nio.file.Files.writeString(conf, "data_dir=" + settings.get(dev.parley.config.Keys.DATA_DIR) + "\n"
                    + "database_url=" + settings.get(dev.parley.config.Keys.DATABASE_URL) + "\n");
            assertThat(new picocli.CommandLine(new dev.parley.Main()).execute("admin", "suspend", ann.handle(),
                    "--config", conf.toString())).isZero();
            assertThat(s.awaitClose(Duration.ofSeconds(12))).isEqualTo(4401);
        }
    }
}
