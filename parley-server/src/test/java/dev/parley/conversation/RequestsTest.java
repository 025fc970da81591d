package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The life of a message request: it appears with its first message, and is accepted, declined or hidden. */
class RequestsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;
    Person ann;
    Person bob;

    @BeforeEach
    void people() {
        n++;
        ann = api.signUp("ann" + n);
        bob = api.signUp("bob" + n);
    }

    private List<String> folder(Person p, String folder) {
        List<String> ids = new java.util.ArrayList<>();
        api.get("/api/v1/conversations?folder=" + folder, p.token()).expect(200).body().get("items")
                .forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    @Test
    void aRequestShowsOnlyOnceItHoldsAMessage() {
        String dm = api.open(ann, bob);
        assertThat(folder(bob, "requests")).isEmpty();
        api.send(ann, dm, "hi, we met at the conference").expect(201);
        assertThat(folder(bob, "requests")).containsExactly(dm);
        assertThat(folder(bob, "inbox")).isEmpty();
        assertThat(folder(ann, "inbox")).containsExactly(dm);
    }

    @Test
    void readingARequestIsNotShownToItsSenderUntilAccepted() {
        String dm = api.open(ann, bob);
        api.send(ann, dm, "hello").expect(201);
        api.post("/api/v1/conversations/" + dm + "/read", bob.token(), Map.of("seq", 1)).expect(200);
        assertThat(readSeqOf(ann, dm, bob)).isNull();
        api.post("/api/v1/conversations/" + dm + "/accept", bob.token(), null).expect(200);
        assertThat(readSeqOf(ann, dm, bob)).isEqualTo(1);
        assertThat(folder(bob, "inbox")).containsExactly(dm);
    }

    private Integer readSeqOf(Person viewer, String dm, Person member) {
        for (JsonNode m : api.get("/api/v1/conversations/" + dm, viewer.token()).body().get("members")) {
            if (m.get("id").asText().equals(member.id())) {
                return m.get("read_seq").isNull() ? null : m.get("read_seq").asInt();
            }
        }
        throw new AssertionError("member missing");
    }

    @Test
    void declineHidesItFromTheDeclinerAndTheSenderIsNotTold() {
        String dm = api.open(ann, bob);
        api.send(ann, dm, "buy my course").expect(201);
        String annsViewBefore = api.get("/api/v1/conversations/" + dm, ann.token()).raw();
        assertThat(api.post("/api/v1/conversations/" + dm + "/decline", bob.token(), null).status()).isEqualTo(204);
        assertThat(folder(bob, "requests")).isEmpty();
        assertThat(api.get("/api/v1/conversations/" + dm, bob.token()).status()).isEqualTo(404);
        // Ann sees exactly what she saw before, and still can't send more than the one message.
        assertThat(api.get("/api/v1/conversations/" + dm, ann.token()).raw()).isEqualTo(annsViewBefore);
        assertThat(api.send(ann, dm, "hello??").code()).isEqualTo("request_pending");
        // If Bob later opens a DM with Ann himself, the conversation comes back to him.
        assertThat(api.open(bob, ann)).isEqualTo(dm);
        assertThat(folder(bob, "inbox")).containsExactly(dm);
    }

    @Test
    void hiddenWordsMoveARequestToTheHiddenFolder() {
        api.patch("/api/v1/me", bob.token(), Map.of("settings", Map.of("hidden_words", List.of("crypto", "free money"))))
                .expect(200);
        String dm = api.open(ann, bob);
        api.send(ann, dm, "Get FREE MONEY with Crypto now").expect(201);
        assertThat(folder(bob, "requests")).isEmpty();
        assertThat(folder(bob, "hidden")).containsExactly(dm);
        // A word inside another word does not count.
        Person cat = api.signUp("cat" + n);
        String other = api.open(cat, bob);
        api.send(cat, other, "cryptography lecture notes").expect(201);
        assertThat(folder(bob, "requests")).containsExactly(other);
        // Hidden requests can still be accepted.
        api.post("/api/v1/conversations/" + dm + "/accept", bob.token(), null).expect(200);
        assertThat(folder(bob, "inbox")).containsExactly(dm);
    }

    @Test
    void aPendingRequestSharesNoPresenceOrTypingUntilAccepted() {
        String dm = api.open(ann, bob);
        api.send(ann, dm, "hi bob").expect(201);
        try (dev.parley.testing.Socket anns = dev.parley.testing.Socket.open(NODE.node(), ann.token());
             dev.parley.testing.Socket bobs = dev.parley.testing.Socket.open(NODE.node(), bob.token())) {
            bobs.send("{\"type\":\"typing\",\"conversation_id\":\"" + dm + "\"}");
            // A socket's frames are handled in order: the answer to this one proves the typing was handled.
            bobs.send("{\"type\":\"ping\"}");
            bobs.await(f -> "error".equals(f.path("type").asText()));
            api.post("/api/v1/conversations/" + dm + "/accept", bob.token(), null).expect(200);
            // After accepting, each is introduced to the other's presence, and typing flows.
            anns.awaitSeen(f -> "presence".equals(f.path("type").asText()) && bob.id().equals(f.path("account_id").asText()));
            bobs.send("{\"type\":\"typing\",\"conversation_id\":\"" + dm + "\"}");
            anns.awaitSeen(f -> "typing".equals(f.path("type").asText()));
            // Before the accept nothing about Bob reached Ann but the introduction that followed it.
            List<JsonNode> aboutBob = anns.received().stream()
                    .filter(f -> bob.id().equals(f.path("account_id").asText())).toList();
            assertThat(aboutBob.get(0).path("type").asText()).isEqualTo("presence");
            assertThat(aboutBob).filteredOn(f -> "typing".equals(f.path("type").asText())).hasSize(1);
        }
    }

    @Test
    void acceptingSomethingThatIsNotARequestConflicts() {
        api.follow(bob, ann);
        String dm = api.open(ann, bob);
        assertThat(api.post("/api/v1/conversations/" + dm + "/accept", bob.token(), null).status()).isEqualTo(409);
    }
}
