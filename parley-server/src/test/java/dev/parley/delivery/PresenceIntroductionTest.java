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

    private static boolean offline(JsonNode f, Person who) {
        return "presence".equals(f.path("type").asText()) && who.id().equals(f.path("account_id").asText())
                && !f.path("online").asBoolean(true);
    }

    /**
     * The probe of 8 Dec: Bob blocked Ann while both had their conversation open, and Ann's client
     * showed Bob "Online" until she reloaded, since no presence frame crossed the block again. Each
     * side now hears the other go offline when the block is made, and online again at the unblock.
     */
    @Test
    void aBlockTakesEachSidesPresenceFromTheOtherAndAnUnblockGivesItBack() {
        Person ann = api.signUp("ann_blocked_live");
        Person bob = api.signUp("bob_blocks_live");
        api.befriend(ann, bob);
        api.send(ann, api.open(ann, bob), "hi Bob").expect(201);
        try (Socket anns = Socket.open(NODE.node(), ann.token()); Socket bobs = Socket.open(NODE.node(), bob.token())) {
            anns.awaitSeen(f -> online(f, bob));
            bobs.awaitSeen(f -> online(f, ann));

            api.put("/api/v1/accounts/" + ann.id() + "/block", bob.token()).expect(200);
            anns.awaitSeen(f -> offline(f, bob));
            bobs.awaitSeen(f -> offline(f, ann));

            anns.drain(Duration.ofMillis(200)); // what came before: the online frames of the start
            bobs.drain(Duration.ofMillis(200));
            api.delete("/api/v1/accounts/" + ann.id() + "/block", bob.token()).expect(200);
            anns.await(f -> online(f, bob));
            bobs.await(f -> online(f, ann));
        }
    }

    /**
     * A new name reached open clients only on their next reload. A {@code profile} frame now goes to the contacts who
     * see their presence and to the account's own other devices; not to a stranger, nor across a block.
     */
    @Test
    void aNewNameIsToldToContactsAndOwnDevicesButNoStrangerNorABlockedOne() {
        Person fay = api.signUp("fay_renames");
        Person gus = api.signUp("gus_contact");
        Person hal = api.signUp("hal_stranger");
        Person ivy = api.signUp("ivy_blocked");
        api.befriend(fay, gus);
        api.send(fay, api.open(fay, gus), "hi Gus").expect(201);
        api.befriend(fay, ivy);
        api.send(fay, api.open(fay, ivy), "hi Ivy").expect(201);
        api.put("/api/v1/accounts/" + fay.id() + "/block", ivy.token()).expect(200);
        try (Socket fays = Socket.open(NODE.node(), fay.token()); Socket gus1 = Socket.open(NODE.node(), gus.token());
             Socket hals = Socket.open(NODE.node(), hal.token()); Socket ivys = Socket.open(NODE.node(), ivy.token())) {
            api.patch("/api/v1/me", fay.token(), Map.of("display_name", "Fay Renamed")).expect(200);
            java.util.function.Predicate<JsonNode> told = f -> "profile".equals(f.path("type").asText())
                    && fay.id().equals(f.path("account_id").asText());
            gus1.await(told);
            fays.await(told); // her other devices show the new name too
            assertThat(api.get("/api/v1/accounts/" + fay.id(), gus.token()).expect(200).body().get("display_name").asText())
                    .isEqualTo("Fay Renamed");
            api.patch("/api/v1/me", fay.token(), Map.of("display_name", "Fay Renamed")).expect(200); // no change
            api.send(gus, api.open(gus, fay), "marker").expect(201);
            gus1.await(f -> "event".equals(f.path("type").asText()) && "marker".equals(f.at("/event/data/message/text").asText()));
            assertThat(gus1.received().stream().filter(told).count()).as("told once: the same name again is no change").isEqualTo(1);
            assertThat(hals.drain(java.time.Duration.ofMillis(300))).noneMatch(told);
            assertThat(ivys.received()).noneMatch(told);
        }
    }
}
