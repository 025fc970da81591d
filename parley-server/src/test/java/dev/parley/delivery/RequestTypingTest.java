package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message request arrives unannounced: its sender's "typing…" reaches its recipient only once
 * they accepted it, whether it waits in their requests or in their hidden folder.
 */
class RequestTypingTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private static boolean typingOf(JsonNode f, Person who) {
        return "typing".equals(f.path("type").asText()) && who.id().equals(f.path("account_id").asText());
    }

    private static void typing(Socket s, String conversation) {
        s.send("{\"type\":\"typing\",\"conversation_id\":\"" + conversation + "\"}");
    }

    /** Types until the other side hears it (a typist is relayed at most once every two seconds). */
    private static void typesUntilHeard(Socket typist, Socket other, Person who, String conversation) {
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < end) {
            typing(typist, conversation);
            if (other.drain(Duration.ofMillis(500)).stream().anyMatch(f -> typingOf(f, who))
                    || other.received().stream().anyMatch(f -> typingOf(f, who))) {
                return;
            }
        }
        throw new AssertionError("typing never reached the other side");
    }

    @Test
    void aPendingRequestsSenderIsNotSeenTypingUntilItIsAccepted() {
        Person ann = api.signUp("ann_rqtype");
        Person bob = api.signUp("bob_rqtype");
        String dm = api.open(ann, bob);
        api.send(ann, dm, "hello from a stranger").expect(201);
        try (Socket anns = Socket.open(NODE.node(), ann.token()); Socket bobs = Socket.open(NODE.node(), bob.token())) {
            typing(anns, dm);
            assertThat(bobs.drain(Duration.ofSeconds(1))).noneMatch(f -> typingOf(f, ann));

            api.post("/api/v1/conversations/" + dm + "/accept", bob.token(), Map.of()).expect(200);
            typesUntilHeard(anns, bobs, ann, dm);
        }
    }

    @Test
    void aRequestInTheHiddenFolderRelaysNoTypingNorAnyEvent() {
        Person cat = api.signUp("cat_rqtype");
        Person dan = api.signUp("dan_rqtype");
        api.patch("/api/v1/me", dan.token(), Map.of("settings", Map.of("hidden_words", List.of("crypto")))).expect(200);
        String dm = api.open(cat, dan);
        api.send(cat, dm, "buy crypto now").expect(201);
        try (Socket cats = Socket.open(NODE.node(), cat.token()); Socket dans = Socket.open(NODE.node(), dan.token())) {
            typing(cats, dm);
            List<JsonNode> heard = dans.drain(Duration.ofSeconds(1));
            assertThat(heard).noneMatch(f -> typingOf(f, cat));
            assertThat(dans.received().toString()).doesNotContain(dm);
        }
    }
}
