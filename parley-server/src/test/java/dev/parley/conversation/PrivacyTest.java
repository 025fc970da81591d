package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A conversation exists only for its members: a stranger, and a member who was removed, get the
 * same 404 body on every route as for an id that never existed.
 */
class PrivacyTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static Person ann;
    static Person bob;
    static Person eve;
    static String group;
    static String messageId;

    @BeforeAll
    static void start() {
        ann = api.signUp("ann");
        bob = api.signUp("bob");
        eve = api.signUp("eve");
        for (Person p : List.of(ann, bob, eve)) {
            api.setDmPolicy(p, "everyone");
    }
        group = api.open(ann, bob, eve);
        messageId = api.send(ann, group, "secret plans").expect(201).body().get("id").asText();
        // Eve is removed by the admin: from now on she is a stranger to it.
        api.delete("/api/v1/conversations/" + group + "/members/" + eve.id(), ann.token()).expect(204);
    }

    /** Every conversation and message route, for a conversation id and a message id. */
    static List<Api.Res> everyRoute(Person who, String conversationId, String msgId) {
        String c = "/api/v1/conversations/" + conversationId;
        String m = "/api/v1/messages/" + msgId;
        return List.of(
                api.get(c, who.token()),
                api.patch(c, who.token(), Map.of("title", "mine now")),
                api.get(c + "/messages", who.token()),
                api.send(who, conversationId, "hello?"),
                api.post(c + "/members", who.token(), Map.of("account_ids", List.of(who.id()))),
                api.delete(c + "/members/" + ann.id(), who.token()),
                api.put(c + "/members/" + who.id() + "/role", who.token(), Map.of("role", "admin")),
                api.post(c + "/accept", who.token(), null),
                api.post(c + "/decline", who.token(), null),
                api.post(c + "/read", who.token(), Map.of("seq", 1)),
                api.patch(c + "/me", who.token(), Map.of("pinned", true)),
                api.patch(c + "/me", who.token(), Map.of("deleted", true)),
                api.get(m, who.token()),
                api.patch(m, who.token(), Map.of("text", "edited")),
                api.delete(m, who.token()),
                api.put(m + "/reactions/%F0%9F%91%8D", who.token()),
                api.delete(m + "/reactions/%F0%9F%91%8D", who.token()),
                api.get("/api/v1/search/messages?q=secret&conversation_id=" + conversationId, who.token()));
    }

    @Test
    void strangerAndRemovedMemberLearnNothing() {
        Person mallory = api.signUp("mallory");
        String unknownConversation = "c-00000000000000000000";
        String unknownMessage = "m-00000000000000000000.1";
        List<Api.Res> unknown = everyRoute(mallory, unknownConversation, unknownMessage);
        for (Person outsider : List.of(mallory, eve)) {
            List<Api.Res> real = everyRoute(outsider, group, messageId);
            for (int i = 0; i < real.size(); i++) {
                assertThat(real.get(i).status()).as("route %d for %s", i, outsider.handle()).isEqualTo(404);
                // Same body as a conversation that never existed (the id is not echoed back).
                assertThat(real.get(i).raw()).as("route %d for %s", i, outsider.handle()).isEqualTo(unknown.get(i).raw());
            }
        }
        // And nothing they tried changed anything.
        Api.Res history = api.get("/api/v1/conversations/" + group + "/messages", ann.token());
        // The group's own lines ("Ann created the group", "Ann removed Eve") and the one message.
        assertThat(history.body().get("items").findValuesAsText("text"))
                .containsExactlyInAnyOrder("Ann created the group", "secret plans", "Ann removed Eve");
        assertThat(api.get("/api/v1/conversations/" + group, ann.token()).body().get("title").isNull()).isTrue();
    }

    @Test
    void searchNeverReachesOtherPeoplesConversations() {
        Api.Res found = api.get("/api/v1/search/messages?q=secr", eve.token());
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("items")).isEmpty();
        assertThat(api.get("/api/v1/search/messages?q=secr", bob.token()).body().get("items")).hasSize(1);
    }

    @Test
    void removedMemberNoLongerListsIt() {
        Api.Res list = api.get("/api/v1/conversations", eve.token());
        assertThat(list.body().get("items").findValuesAsText("id")).doesNotContain(group);
    }

    @Test
    void whoBlockedYouShowsWithoutTheirName() {
        Person hal = api.signUp("hal");
        Person ivy = api.signUp("ivy");
        api.setDmPolicy(hal, "everyone");
        String direct = api.open(ivy, hal);
        api.send(ivy, direct, "hi Hal").expect(201);
        api.put("/api/v1/accounts/" + ivy.id() + "/block", hal.token()).expect(200);
        api.patch("/api/v1/me", hal.token(), Map.of("display_name", "Hal Moved Away")).expect(200);

        // Ivy, blocked, sees neither the old name nor the one chosen after the block.
        assertThat(memberName(ivy, direct, hal)).isEqualTo(ConversationView.BLOCKED_NAME);
        Api.Res list = api.get("/api/v1/conversations", ivy.token()).expect(200);
        assertThat(list.raw()).doesNotContain("Hal Moved Away").contains(ConversationView.BLOCKED_NAME);
        // Hal, who blocked, still sees Ivy as she is, and himself by his name.
        assertThat(memberName(hal, direct, ivy)).isEqualTo("Ivy");
        assertThat(memberName(hal, direct, hal)).isEqualTo("Hal Moved Away");

        api.delete("/api/v1/accounts/" + ivy.id() + "/block", hal.token());
        assertThat(memberName(ivy, direct, hal)).isEqualTo("Hal Moved Away");
    }

    private static String memberName(Person viewer, String conversationId, Person member) {
        for (com.fasterxml.jackson.databind.JsonNode m : api.get("/api/v1/conversations/" + conversationId,
                viewer.token()).expect(200).body().get("members")) {
            if (m.get("id").asText().equals(member.id())) {
                return m.get("display_name").asText();
            }
        }
        throw new AssertionError(member.handle() + " is not listed");
    }
}
