package dev.parley.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An account that blocked the caller is not found when the caller opens a conversation with it,
 * even where the two already had one: the answer is an unknown account's, word for word, so
 * opening a DM does not tell the block where the profile hides it.
 */
class BlockerNotFoundTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private static Api.Res open(Person from, String otherId) {
        return api.post("/api/v1/conversations", from.token(), Map.of("member_ids", List.of(otherId)));
    }

    @Test
    void openingTheDmWithOneWhoBlockedYouAnswersAsForAnUnknownAccount() {
        Person ann = api.signUp("ann_blkopen");
        Person bob = api.signUp("bob_blkopen");
        api.befriend(ann, bob);
        String dm = api.open(bob, ann);
        api.send(bob, dm, "hey").expect(201);
        String unknownId = "a-" + "0".repeat(ann.id().length() - 2);
        String unknown = open(bob, unknownId).expect(404).raw();

        api.put("/api/v1/accounts/" + bob.id() + "/block", ann.token()).expect(200);

        assertThat(open(bob, ann.id()).expect(404).raw()).isEqualTo(unknown.replace(unknownId, ann.id()));
        assertThat(api.get("/api/v1/accounts/" + ann.id(), bob.token()).status()).isEqualTo(404);
        // The one who blocked still finds the conversation they had.
        assertThat(open(ann, bob.id()).expect(200).body().get("id").asText()).isEqualTo(dm);

        api.delete("/api/v1/accounts/" + bob.id() + "/block", ann.token()).expect(200);
        assertThat(open(bob, ann.id()).expect(200).body().get("id").asText()).isEqualTo(dm);
    }
}
