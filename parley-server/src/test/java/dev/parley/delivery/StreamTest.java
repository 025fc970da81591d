package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;
    Person ann;
    Person bob;
    String dm;

    @BeforeEach
    void pair() {
        n++;
        ann = api.signUp("ann" + n);
        bob = api.signUp("bob" + n);
        api.befriend(ann, bob);
        dm = api.open(ann, bob);
    }

    private static boolean isMessage(JsonNode f, String text) {
        return "event".equals(f.path("type").asText())
                && "message.created".equals(f.at("/event/type").asText())
                && text.equals(f.at("/event/data/message/text").asText());
    }

    @Test
    void twoSocketsOfOneAccountBothGetAMessage() {
        try (Socket phone = Socket.open(NODE.node(), bob.token()); Socket laptop = Socket.open(NODE.node(), bob.token())) {
            awaitOnline(phone, laptop);
            api.send(ann, dm, "to all your devices").expect(201);
            JsonNode a = phone.await(f -> isMessage(f, "to all your devices"));
            JsonNode b = laptop.await(f -> isMessage(f, "to all your devices"));
            assertThat(a.at("/event/token").asText()).isEqualTo(b.at("/event/token").asText());
            assertThat(a.at("/event/conversation_id").asText()).isEqualTo(dm);
        }
    }

    /** A socket registers asynchronously; a sent message proves both are live before the test acts. */
    private void awaitOnline(Socket... sockets) {
        String probe = "probe-" + System.nanoTime();
        api.send(ann, dm, probe).expect(201);
        for (Socket s : sockets) {
            s.await(f -> isMessage(f, probe));
        }
    }

    @Test
    void sendOverTheSocketIsAcknowledgedAndIdempotent() {
        try (Socket s = Socket.open(NODE.node(), ann.token())) {
            // A client_id that JSON must escape: the acknowledgement carries it back as sent.
            String frame = "{\"type\":\"send\",\"conversation_id\":\"" + dm
                    + "\",\"client_id\":\"ws-1 \\\"q\\\" \\u00e9\",\"text\":\"via socket\"}";
            s.send(frame);
            JsonNode sent = s.await(f -> "sent".equals(f.path("type").asText()));
            assertThat(sent.get("client_id").asText()).isEqualTo("ws-1 \"q\" \u00e9");
            assertThat(sent.at("/message/text").asText()).isEqualTo("via socket");
            s.send(frame);
            JsonNode again = s.await(f -> "sent".equals(f.path("type").asText()));
            // The first acknowledgement reuses the writer's JSON, the retry's renders the stored message:
            // the same message either way, and the same as the conversation's history shows.
            assertThat(again.get("message")).isEqualTo(sent.get("message"));
            assertThat(api.get("/api/v1/conversations/" + dm + "/messages", ann.token()).body().at("/items/0"))
                    .isEqualTo(sent.get("message"));
            s.send("{\"type\":\"send\",\"conversation_id\":\"" + dm + "\",\"client_id\":\"ws-2\",\"text\":\"\"}");
            JsonNode error = s.await(f -> "error".equals(f.path("type").asText()));
            assertThat(error.get("client_id").asText()).isEqualTo("ws-2");
            assertThat(error.at("/problem/code").asText()).isEqualTo("validation_failed");
            s.send("not json");
            assertThat(s.await(f -> "error".equals(f.path("type").asText())).at("/problem/status").asInt()).isEqualTo(400);
        }
        assertThat(api.get("/api/v1/conversations/" + dm + "/messages", bob.token()).body().get("items")).hasSize(1);
    }

    @Test
    void aReadFrameWithANegativeSeqIsRefusedAsOverHttp() {
        // HTTP answered 422 while the frame took -1 silently: the check now sits in the service both call.
        api.post("/api/v1/conversations/" + dm + "/read", ann.token(), Map.of("seq", -1)).expect(422);
        try (Socket s = Socket.open(NODE.node(), ann.token())) {
            s.send("{\"type\":\"read\",\"conversation_id\":\"" + dm + "\",\"seq\":-1}");
            JsonNode error = s.await(f -> "error".equals(f.path("type").asText()));
            assertThat(error.at("/problem/status").asInt()).isEqualTo(422);
            assertThat(error.at("/problem/code").asText()).isEqualTo("validation_failed");
            assertThat(error.at("/problem/detail").asText()).contains("seq");
        }
    }

    @Test
    void sinceReplaysWhatWasMissedThenGoesLiveWithoutGapOrDuplicate() {
        String since = api.get("/api/v1/sync", bob.token()).body().get("next").asText();
        for (int i = 0; i < 30; i++) {
            api.send(ann, dm, "missed " + i).expect(201);
        }
        try (Socket s = Socket.open(NODE.node(), bob.token(), "since=" + since)) {
            for (int i = 0; i < 30; i++) {
                int k = i;
                s.await(f -> isMessage(f, "missed " + k));
            }
            api.send(ann, dm, "live").expect(201);
            s.await(f -> isMessage(f, "live"));
            List<Long> tokens = s.received().stream().filter(f -> "event".equals(f.path("type").asText()))
                    .map(f -> f.at("/event/token").asLong()).toList();
            assertThat(tokens).hasSize(31);
            for (int i = 1; i < tokens.size(); i++) {
                assertThat(tokens.get(i)).isEqualTo(tokens.get(i - 1) + 1);
            }
        }
    }

    @Test
    void ticketsWorkOnceAndBadCredentialsAreRefused() {
        String ticket = api.post("/api/v1/stream/tickets", bob.token(), null).expect(201).body().get("ticket").asText();
        try (Socket s = Socket.open(NODE.node(), null, "ticket=" + ticket)) {
            awaitOnline(s);
        }
        assertThatThrownBy(() -> Socket.open(NODE.node(), null, "ticket=" + ticket)).hasStackTraceContaining("401");
        assertThatThrownBy(() -> Socket.open(NODE.node(), "not-a-token")).hasStackTraceContaining("401");
        assertThatThrownBy(() -> Socket.open(NODE.node(), null)).hasStackTraceContaining("401");
    }

    @Test
    void aRefusedUpgradeSaysWhyInAProblem() throws Exception {
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", NODE.node().port())) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(("GET /api/v1/stream?ticket=spent HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(raw.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 401");
            assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(answer).contains("\"code\":\"unauthorized\"");
        }
    }

    @Test
    void typingAndPresenceReachMembersButNotAcrossABlock() {
        Person cat = api.signUp("cat" + n);
        api.setDmPolicy(cat, "everyone");
        api.setDmPolicy(bob, "everyone");
        String group = api.open(ann, bob, cat);
        api.put("/api/v1/accounts/" + cat.id() + "/block", bob.token()).expect(200);
        try (Socket bobs = Socket.open(NODE.node(), bob.token()); Socket cats = Socket.open(NODE.node(), cat.token())) {
            awaitOnline(bobs);
            api.send(ann, group, "group hello").expect(201);
            cats.await(f -> isMessage(f, "group hello"));
            try (Socket anns = Socket.open(NODE.node(), ann.token())) {
                // Ann comes online: both hear it.
                bobs.await(f -> "presence".equals(f.path("type").asText()) && ann.id().equals(f.get("account_id").asText()));
                cats.await(f -> "presence".equals(f.path("type").asText()) && ann.id().equals(f.get("account_id").asText()));
                anns.send("{\"type\":\"typing\",\"conversation_id\":\"" + group + "\"}");
                JsonNode typing = bobs.await(f -> "typing".equals(f.path("type").asText()));
                assertThat(typing.get("account_id").asText()).isEqualTo(ann.id());
                cats.await(f -> "typing".equals(f.path("type").asText()));

                // Bob blocked Cat: Cat's typing never reaches Bob, and Bob's never reaches Cat.
                cats.send("{\"type\":\"typing\",\"conversation_id\":\"" + group + "\"}");
                bobs.send("{\"type\":\"typing\",\"conversation_id\":\"" + group + "\"}");
                java.util.Set<String> typists = new java.util.HashSet<>();
                while (typists.size() < 2) {
                    typists.add(anns.await(f -> "typing".equals(f.path("type").asText())).get("account_id").asText());
                }
                assertThat(typists).containsExactlyInAnyOrder(bob.id(), cat.id());
            }
            // Ann went offline: both hear it; neither ever heard anything of the other.
            bobs.await(f -> "presence".equals(f.path("type").asText()) && !f.get("online").asBoolean());
            cats.await(f -> "presence".equals(f.path("type").asText()) && !f.get("online").asBoolean());
            assertThat(bobs.received()).noneMatch(f -> cat.id().equals(f.path("account_id").asText()));
            assertThat(cats.received()).noneMatch(f -> bob.id().equals(f.path("account_id").asText()));
        }
        // Cat connecting later is not announced to Bob either.
        try (Socket bobs = Socket.open(NODE.node(), bob.token())) {
            awaitOnline(bobs);
            try (Socket cats = Socket.open(NODE.node(), cat.token())) {
                api.send(ann, dm, "sync point").expect(201);
                bobs.await(f -> isMessage(f, "sync point"));
                assertThat(bobs.received()).noneMatch(f -> cat.id().equals(f.path("account_id").asText()));
            }
        }
    }

    @Test
    void aFloodOfTypingReachesTheOtherMemberOnce() {
        try (Socket anns = Socket.open(NODE.node(), ann.token()); Socket bobs = Socket.open(NODE.node(), bob.token())) {
            awaitOnline(bobs);
            for (int i = 0; i < 30; i++) {
                anns.send("{\"type\":\"typing\",\"conversation_id\":\"" + dm + "\"}");
            }
            // The socket's frames are taken in order: by the time this message reaches Bob, every
            // typing frame before it has been relayed or dropped.
            anns.send("{\"type\":\"send\",\"conversation_id\":\"" + dm
                    + "\",\"client_id\":\"after-typing\",\"text\":\"done typing\"}");
            bobs.await(f -> isMessage(f, "done typing"));
            long heard = bobs.received().stream().filter(f -> "typing".equals(f.path("type").asText())
                    && dm.equals(f.path("conversation_id").asText())).count();
            // One (two only if the burst straddled the two-second window on a stalled machine), not 30.
            assertThat(heard).isBetween(1L, 2L);
        }
    }

    @Test
    void strangersCannotTypeIntoAConversation() {
        Person eve = api.signUp("eve" + n);
        try (Socket eves = Socket.open(NODE.node(), eve.token()); Socket bobs = Socket.open(NODE.node(), bob.token())) {
            awaitOnline(bobs);
            eves.send("{\"type\":\"typing\",\"conversation_id\":\"" + dm + "\"}");
            assertThat(eves.await(f -> "error".equals(f.path("type").asText())).at("/problem/code").asText())
                    .isEqualTo("not_found");
            api.send(ann, dm, "after eve").expect(201);
            bobs.await(f -> isMessage(f, "after eve"));
            assertThat(bobs.received()).noneMatch(f -> "typing".equals(f.path("type").asText()));
        }
    }

    @Test
    void aBinaryFrameIsAnsweredWithAnErrorAndTheSocketGoesOn() {
        try (Socket anns = Socket.open(NODE.node(), ann.token())) {
            // A send a client put in a binary frame used to vanish: no "sent", no "error", no close.
            anns.sendBinary(("{\"type\":\"send\",\"conversation_id\":\"" + dm
                    + "\",\"client_id\":\"bin\",\"text\":\"hi\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JsonNode error = anns.await(f -> "error".equals(f.path("type").asText()));
            assertThat(error.at("/problem/status").asInt()).isEqualTo(400);
            assertThat(error.at("/problem/detail").asText()).contains("text");
            anns.send("{\"type\":\"send\",\"conversation_id\":\"" + dm + "\",\"client_id\":\"txt\",\"text\":\"hi\"}");
            anns.await(f -> "sent".equals(f.path("type").asText()) && "txt".equals(f.path("client_id").asText()));
            assertThat(api.get("/api/v1/conversations/" + dm + "/messages", ann.token()).body().path("items"))
                    .noneMatch(m -> "bin".equals(m.path("client_id").asText()));
        }
    }

    @Test
    void aFrameOfTheWrongShapeNamesTheFieldAndWhatItShouldBe() {
        // A number for the text was answered "Field 'text' is required", and a send without its
        // conversation blamed the text: a client's author looked for the wrong mistake. A wrong type,
        // or a frame that is not an object, is 400 as over HTTP (it was 422); a missing field 422.
        String c = "\"conversation_id\":\"" + dm + "\"";
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        answers.put("{\"type\":\"send\"," + c + ",\"client_id\":\"w1\",\"text\":5}", "400 Field 'text' must be a string.");
        answers.put("{\"type\":\"send\",\"client_id\":\"w2\",\"text\":\"hi\"}", "422 Field 'conversation_id' is required.");
        answers.put("{\"type\":\"send\"," + c + ",\"client_id\":7,\"text\":\"hi\"}", "400 Field 'client_id' must be a string.");
        answers.put("{\"type\":\"send\"," + c + ",\"client_id\":\"w3\",\"text\":\"hi\",\"reply_to\":9}",
                "400 Field 'reply_to' must be a string.");
        answers.put("{\"type\":\"typing\",\"conversation_id\":true}", "400 Field 'conversation_id' must be a string.");
        answers.put("{\"type\":\"read\"," + c + ",\"seq\":\"one\"}", "400 Field 'seq' must be a number.");
        answers.put("{\"type\":\"visibility\",\"visible\":\"yes\"}", "400 Field 'visible' must be true or false.");
        answers.put("[{\"type\":\"send\"," + c + ",\"client_id\":\"w4\",\"text\":\"hi\"}]", "400 A frame is one JSON object.");
        answers.put("\"send\"", "400 A frame is one JSON object.");
        try (Socket anns = Socket.open(NODE.node(), ann.token())) {
            answers.forEach((frame, answer) -> {
                anns.send(frame);
                JsonNode error = anns.await(f -> "error".equals(f.path("type").asText()));
                assertThat(error.at("/problem/status").asInt() + " " + error.at("/problem/detail").asText()).as(frame)
                        .isEqualTo(answer);
                assertThat(error.at("/problem/code").asText()).isEqualTo("validation_failed");
            });
        }
        assertThat(api.get("/api/v1/conversations/" + dm + "/messages", ann.token()).body().path("items")).isEmpty();
    }

    @Test
    void readPointersArriveAsEventsOnlyWhereReceiptsAreShared() {
        try (Socket anns = Socket.open(NODE.node(), ann.token())) {
            api.send(ann, dm, "read me").expect(201);
            anns.await(f -> isMessage(f, "read me"));
            api.post("/api/v1/conversations/" + dm + "/read", bob.token(), Map.of("seq", 1)).expect(200);
            JsonNode read = anns.awaitEvent("read.updated");
            assertThat(read.at("/event/data/account_id").asText()).isEqualTo(bob.id());
            assertThat(read.at("/event/data/read_seq").asInt()).isEqualTo(1);
            api.patch("/api/v1/me", bob.token(), Map.of("settings", Map.of("read_receipts", false))).expect(200);
            api.send(ann, dm, "read me too").expect(201);
            anns.await(f -> isMessage(f, "read me too"));
            api.post("/api/v1/conversations/" + dm + "/read", bob.token(), Map.of("seq", 2)).expect(200);
            api.send(bob, dm, "marker").expect(201);
            anns.await(f -> isMessage(f, "marker"));
            assertThat(anns.received()).filteredOn(f -> "read.updated".equals(f.at("/event/type").asText())).hasSize(1);
        }
    }
}
