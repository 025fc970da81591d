package dev.parley.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone who left a group, or was removed from it, learns nothing of it afterwards: replaying
 * their log from an old token (sync, the stream's {@code ?since=}) gives a message as they had it,
 * never an edit made after they went. A message unsent since may still read as gone.
 */
class DepartedMemberReplayTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static final Api api = NODE.api();
    static int n;

    private static List<Person> people(String... names) {
        n++;
        List<Person> out = new ArrayList<>();
        for (String name : names) {
            Person p = api.signUp(name + n);
            api.setDmPolicy(p, "everyone");
            out.add(p);
        }
        return out;
    }

    private static String token(Person p) {
        return api.get("/api/v1/sync", p.token()).expect(200).body().get("next").asText();
    }

    private static JsonNode events(Person p, String since) {
        return api.get("/api/v1/sync?since=" + since + "&limit=1000", p.token()).expect(200).body().get("events");
    }

    /** The text of the replayed event of this type about this message. */
    private static String replayedText(JsonNode events, String type, String messageId) {
        for (JsonNode e : events) {
            if (type.equals(e.get("type").asText()) && messageId.equals(e.at("/data/message/id").asText())) {
                return e.at("/data/message/text").asText();
            }
        }
        throw new AssertionError("no " + type + " of " + messageId + " in " + events);
    }

    @Test
    void aRemovedMemberReplaysNoEditMadeAfterTheyWereRemoved() {
        List<Person> p = people("rma", "rmb", "rmc");
        Person ann = p.get(0);
        Person bob = p.get(1);
        String group = api.open(ann, bob, p.get(2));
        String since = token(bob);
        String id = api.send(ann, group, "Meeting at 10, room 4").expect(201).body().get("id").asText();
        api.patch("/api/v1/messages/" + id, ann.token(), Map.of("text", "Meeting at 11, room 4")).expect(200);
        api.delete("/api/v1/conversations/" + group + "/members/" + bob.id(), ann.token()).expect(204);
        String secret = "new plan, do not tell bob " + UUID.randomUUID();
        api.patch("/api/v1/messages/" + id, ann.token(), Map.of("text", secret)).expect(200);

        JsonNode replay = events(bob, since);
        assertThat(replay.toString()).doesNotContain(secret);
        assertThat(replayedText(replay, "message.created", id)).isEqualTo("Meeting at 10, room 4");
        assertThat(replayedText(replay, "message.edited", id)).isEqualTo("Meeting at 11, room 4");
        try (Socket s = Socket.open(NODE.node(), bob.token(), "since=" + since)) {
            s.await(f -> f.toString().contains("Meeting at 11"));
            assertThat(s.drain(Duration.ofMillis(300)).toString()).doesNotContain(secret);
            assertThat(s.received().toString()).doesNotContain(secret);
        }
        // The ones still there read it as it is now.
        assertThat(replayedText(events(p.get(2), "0"), "message.created", id)).isEqualTo(secret);
    }

    @Test
    void oneWhoLeftReplaysNoLaterEditButAnUnsendStillReadsAsGone() {
        List<Person> p = people("lva", "lvb", "lvc");
        Person ann = p.get(0);
        Person cat = p.get(2);
        String group = api.open(ann, p.get(1), cat);
        String kept = api.send(ann, group, "the old address").expect(201).body().get("id").asText();
        String unsent = api.send(ann, group, "soon gone").expect(201).body().get("id").asText();
        api.delete("/api/v1/conversations/" + group + "/members/" + cat.id(), cat.token()).expect(204);
        String secret = "the new address " + UUID.randomUUID();
        api.patch("/api/v1/messages/" + kept, ann.token(), Map.of("text", secret)).expect(200);
        api.delete("/api/v1/messages/" + unsent, ann.token()).expect(200);

        JsonNode replay = events(cat, "0");
        assertThat(replay.toString()).doesNotContain(secret).doesNotContain("soon gone");
        assertThat(replayedText(replay, "message.created", kept)).isEqualTo("the old address");
        assertThat(replayedText(replay, "message.created", unsent)).isEmpty();
    }
}
