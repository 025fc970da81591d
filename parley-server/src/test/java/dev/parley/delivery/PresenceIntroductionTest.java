package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** People who come to share a conversation while connected learn each other's presence at once. */
class PresenceIntroductionTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private static boolean online(JsonNode f, Person who) {
        return "presence".equals(f.path("type").asText()) && who.id().equals(f.path("account_id").asText())
                && f.path("online").asBoolean();
    }

    @Test
    void anAcceptedRequestTellsBothSidesTheOtherIsOnline() {
        Person ann = api.signUp("ann_intro");
        Person bob = api.signUp("bob_intro");
        try (Socket anns = Socket.open(NODE.node(), ann.token()); Socket bobs = Socket.open(NODE.node(), bob.token())) {
            String dm = api.open(ann, bob);
            api.send(ann, dm, "hello from a stranger").expect(201);
            bobs.awaitEvent("request.created");
            api.post("/api/v1/conversations/" + dm + "/accept", bob.token(), Map.of()).expect(200);
            anns.awaitSeen(f -> online(f, bob));
            bobs.awaitSeen(f -> online(f, ann));
        }
    }

    @Test
    void aMemberAddedToAGroupMeetsItsOnlineMembersButNotOneTheyBlocked() {
        Person cat = api.signUp("cat_intro");
        Person dan = api.signUp("dan_intro");
        Person eve = api.signUp("eve_intro");
        api.setDmPolicy(dan, "everyone");
        api.setDmPolicy(eve, "everyone");
        api.put("/api/v1/accounts/" + cat.id() + "/block", eve.token()).expect(200);
        String group = api.post("/api/v1/conversations", cat.token(),
                Map.of("member_ids", java.util.List.of(dan.id()), "title", "Book club")).expect(201).body().get("id").asText();
        try (Socket cats = Socket.open(NODE.node(), cat.token()); Socket dans = Socket.open(NODE.node(), dan.token());
             Socket eves = Socket.open(NODE.node(), eve.token())) {
            // Dan adds her; Cat could not, since Eve blocked Cat.
            api.post("/api/v1/conversations/" + group + "/members", dan.token(),
                    Map.of("account_ids", java.util.List.of(eve.id()))).expect(200);
            eves.awaitEvent("conversation.created");
            eves.awaitSeen(f -> online(f, dan));
            dans.awaitSeen(f -> online(f, eve));
            // Eve blocked Cat: neither hears of the other.
            api.send(dan, group, "welcome, Eve").expect(201);
            cats.await(f -> "event".equals(f.path("type").asText())
                    && "welcome, Eve".equals(f.at("/event/data/message/text").asText()));
            eves.await(f -> "event".equals(f.path("type").asText())
                    && "welcome, Eve".equals(f.at("/event/data/message/text").asText()));
            assertThat(cats.received()).noneMatch(f -> online(f, eve));
            assertThat(eves.received()).noneMatch(f -> online(f, cat));
        }
    }
}
