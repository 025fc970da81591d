package dev.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A word in most of a node's messages (a common word, a one-letter prefix) must not cost a join and
 * a sort of every match: SQLite's full-text index is the outer loop, walked newest first, so a page
 * stops once it holds enough of the viewer's own matches. On a 490,000-message node a search for a
 * word in every message took 230 ms that way round and takes 26 ms this way (docs/PERFORMANCE.md).
 */
@Tag("sqlite-only")
class SearchPlanTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    @Test
    void theIndexIsWalkedNewestFirstWithoutSortingEveryMatch() {
        List<String> plan = NODE.node().node().database().read(h -> h.createQuery("EXPLAIN QUERY PLAN " + MessageSearch.SQLITE
                        .replace("<scope>", "")).bind("viewer", "a-x").bind("query", "\"x\"*").bind("limit", 51)
                .bind("offset", 0).map((rs, c) -> rs.getString("detail")).list());
        assertThat(plan.get(0)).as("the index first").startsWith("SCAN f VIRTUAL TABLE");
        assertThat(plan).as(String.join("\n", plan)).noneMatch(l -> l.contains("TEMP B-TREE"));
    }

    @Test
    void pagesGoNewestFirstAcrossConversations() {
        Person ann = api.signUp("ann");
        Person bob = api.signUp("bob");
        Person cat = api.signUp("cat");
        api.befriend(ann, bob);
        api.befriend(ann, cat);
        String withBob = api.open(ann, bob);
        String withCat = api.open(ann, cat);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String text = "plan number " + i;
            api.send(i % 2 == 0 ? bob : cat, i % 2 == 0 ? withBob : withCat, text).expect(201);
            sent.add(0, text);
        }
        api.send(bob, withBob, "nothing to find here").expect(201);
        List<String> found = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/search/messages?q=plan&limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                    ann.token()).expect(200).body();
            page.get("items").forEach(m -> found.add(m.get("text").asText()));
            cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
        } while (cursor != null);
        assertThat(found).containsExactlyElementsOf(sent);
    }
}
