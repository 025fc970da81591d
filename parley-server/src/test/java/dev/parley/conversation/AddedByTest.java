package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A group request names who added you (issue 21, point 5): the members a group is made with see its
 * creator as {@code added_by}, a later member the one who added them; the creator and direct
 * conversations see null.
 */
class AddedByTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private static JsonNode view(Person who, String conversation) {
        return api.get("/api/v1/conversations/" + conversation, who.token()).expect(200).body();
    }

    @Test
    void theMembersAGroupIsMadeWithSeeWhoMadeIt() {
        Person ann = api.signUp("ann_ab");
        Person bob = api.signUp("bob_ab");
        Person cyd = api.signUp("cyd_ab");
        Person dee = api.signUp("dee_ab");
        JsonNode g = api.post("/api/v1/conversations", ann.token(),
                Map.of("member_ids", List.of(bob.id(), cyd.id()), "title", "Trip")).expect(201).body();
        String group = g.get("id").asText();
        assertThat(g.get("added_by").isNull()).as("the creator added no one to it for themself").isTrue();
        assertThat(view(cyd, group).get("folder").asText()).isEqualTo("requests");
        assertThat(view(cyd, group).get("added_by").asText()).isEqualTo(ann.id());
        assertThat(view(bob, group).get("added_by").asText()).isEqualTo(ann.id());

        api.post("/api/v1/conversations/" + group + "/members", bob.token(), Map.of("account_ids", List.of(dee.id())))
                .expect(200);
        assertThat(view(dee, group).get("added_by").asText()).as("a later member sees who added them").isEqualTo(bob.id());

        api.setDmPolicy(bob, "everyone");
        String dm = api.open(ann, bob);
        assertThat(view(bob, dm).get("added_by").isNull()).isTrue();
    }
}
