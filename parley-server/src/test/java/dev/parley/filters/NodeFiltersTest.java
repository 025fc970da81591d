package dev.parley.filters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node's filters over HTTP: who may manage them, and each kind of filter with each action. */
class NodeFiltersTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;

    record Setup(Person admin, Person ann, Person bob, String dm) {}

    static Setup setup() {
        n++;
        Person admin = api.signUp("froot" + n);
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(admin.id(), true);
        Person ann = api.signUp("fann" + n);
        Person bob = api.signUp("fbob" + n);
        api.befriend(ann, bob);
        return new Setup(admin, ann, bob, api.open(ann, bob));
    }

    static String add(Person admin, String kind, String pattern, String action) {
        return api.post("/api/v1/admin/filters", admin.token(), Map.of("kind", kind, "pattern", pattern, "action", action))
                .expect(201).body().get("id").asText();
    }

    static List<String> history(Person viewer, String conversation) {
        List<String> texts = new ArrayList<>();
        api.get("/api/v1/conversations/" + conversation + "/messages", viewer.token()).expect(200).body().get("items")
                .forEach(m -> texts.add(m.get("text").asText()));
        return texts;
    }

    /** A filter of each kind, unique to {@code tag}, and a message that trips it in another spelling. */
    record Case(String kind, String pattern, String text) {}

    static List<Case> cases(String tag) {
        return List.of(
                new Case("word", "cheap " + tag + " pills", "Get CHÉAP  " + tag.toUpperCase() + "!!! pills today"),
                new Case("regex", "free\\s+" + tag + "\\s+money", "claim your FREE   " + tag + " money"),
                new Case("domain", tag + ".example", "visit https://www.shop." + tag + ".example/deal now"),
                new Case("email", "*@" + tag + ".example", "write to Sales@" + tag + ".example for more"));
    }

    @Test
    void strangersAndNonAdministratorsGetTheUnknownRoutes404() {
        Setup s = setup();
        Api.Res unknown = api.get("/api/v1/admin/no-such-thing", s.ann().token());
        for (Api.Res r : List.of(api.get("/api/v1/admin/filters", s.ann().token()),
                api.get("/api/v1/admin/filters", null),
                api.post("/api/v1/admin/filters", s.ann().token(), Map.of("kind", "word", "pattern", "x", "action", "block")),
                api.delete("/api/v1/admin/filters/f-anything", s.ann().token()))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.code()).isEqualTo(unknown.code());
        }
        assertThat(api.send(s.ann(), s.dm(), "x is fine").status()).as("the refused POST added nothing").isEqualTo(201);
    }

    @Test
    void blockRefusesTheSendNamingOnlyTheKindOfRule() {
        Setup s = setup();
        for (Case c : cases("blk" + n)) {
            add(s.admin(), c.kind(), c.pattern(), "block");
            Api.Res r = api.send(s.ann(), s.dm(), c.text());
            assertThat(r.status()).as(c.kind()).isEqualTo(422);
            assertThat(r.code()).isEqualTo("message_filtered");
            assertThat(r.body().get("rule_kind").asText()).isEqualTo(c.kind());
            assertThat(r.raw()).as("the rule itself is not shown").doesNotContain(c.pattern());
        }
        assertThat(history(s.bob(), s.dm())).isEmpty();
        assertThat(history(s.ann(), s.dm())).isEmpty();
    }

    @Test
    void shadowDeliversToTheSenderOnly() {
        Setup s = setup();
        for (Case c : cases("shd" + n)) {
            add(s.admin(), c.kind(), c.pattern(), "shadow");
            api.send(s.ann(), s.dm(), c.text()).expect(201);
        }
        api.send(s.ann(), s.dm(), "an ordinary line").expect(201);
        assertThat(history(s.ann(), s.dm())).hasSize(5);
        assertThat(history(s.bob(), s.dm())).containsExactly("an ordinary line");
    }

    @Test
    void flagDeliversAndOpensAReportInTheQueue() {
        Setup s = setup();
        List<Case> cases = cases("flg" + n);
        List<String> ids = new ArrayList<>();
        for (Case c : cases) {
            add(s.admin(), c.kind(), c.pattern(), "flag");
            ids.add(api.send(s.ann(), s.dm(), c.text()).expect(201).body().get("id").asText());
        }
        assertThat(history(s.bob(), s.dm())).hasSize(4);
        JsonNode reports = Eventually.await("four reports by the system", Duration.ofSeconds(10),
                () -> reportsOf(s.admin(), ids), r -> r.size() == 4).stream().findFirst().orElseThrow();
        assertThat(reports.get("reporter_id").asText()).isEqualTo("system");
        assertThat(reports.at("/snapshot/0/text").asText()).isNotEmpty();
    }

    /** The open reports in the queue (administrators are moderators) about these messages. */
    static List<JsonNode> reportsOf(Person admin, List<String> messageIds) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/moderation/reports?status=open", admin.token()).expect(200).body().get("groups")
                .forEach(g -> g.get("reports").forEach(r -> {
                    if (messageIds.contains(r.path("message_id").asText())) {
                        out.add(r);
                    }
                }));
        return out;
    }

    @Test
    void anEditIsFilteredLikeASend() {
        Setup s = setup();
        String id = api.send(s.ann(), s.dm(), "harmless").expect(201).body().get("id").asText();
        add(s.admin(), "word", "edt" + n + " slur", "block");
        Api.Res r = api.patch("/api/v1/messages/" + id, s.ann().token(), Map.of("text", "now EDT" + n + " slur"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("message_filtered");
        assertThat(history(s.bob(), s.dm())).containsExactly("harmless");
    }

    @Test
    void filtersAreListedCheckedAndRemoved() {
        Setup s = setup();
        String id = add(s.admin(), "domain", "*.Lst" + n + ".example", "block");
        JsonNode listed = api.get("/api/v1/admin/filters?limit=1000", s.admin().token()).expect(200).body().get("items");
        assertThat(listed.findValuesAsText("id")).contains(id);
        assertThat(listed.findValuesAsText("pattern")).contains("lst" + n + ".example");

        Api.Res again = api.post("/api/v1/admin/filters", s.admin().token(),
                Map.of("kind", "domain", "pattern", "lst" + n + ".example", "action", "flag"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("filter_exists");
        for (Map<String, String> bad : List.of(Map.of("kind", "domain", "pattern", "not a domain", "action", "block"),
                Map.of("kind", "email", "pattern", "no-at-sign", "action", "block"),
                Map.of("kind", "word", "pattern", "!!!", "action", "block"))) {
            Api.Res r = api.post("/api/v1/admin/filters", s.admin().token(), bad);
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.code()).isEqualTo("filter_pattern_invalid");
        }
        Api.Res badKind = api.post("/api/v1/admin/filters", s.admin().token(),
                Map.of("kind", "colour", "pattern", "red", "action", "block"));
        assertThat(badKind.code()).isEqualTo("validation_failed");
        assertThat(api.post("/api/v1/admin/filters", s.admin().token(),
                Map.of("kind", "regex", "pattern", "([a-z", "action", "block")).code()).isEqualTo("filter_regex_invalid");

        assertThat(api.send(s.ann(), s.dm(), "see lst" + n + ".example").status()).isEqualTo(422);
        api.delete("/api/v1/admin/filters/" + id, s.admin().token()).expect(204);
        assertThat(api.delete("/api/v1/admin/filters/" + id, s.admin().token()).status()).isEqualTo(404);
        assertThat(api.send(s.ann(), s.dm(), "see lst" + n + ".example").status()).isEqualTo(201);
    }

    @Test
    void catastrophicRegexesAreRefusedWhenAdded() {
        Setup s = setup();
        for (String evil : List.of("(a+)+$", "(\\w*)*x", "(a|a)*$", "(x+x+)+y", "(.*a){20}")) {
            Api.Res r = api.post("/api/v1/admin/filters", s.admin().token(),
                    Map.of("kind", "regex", "pattern", evil, "action", "block"));
            assertThat(r.status()).as(evil).isEqualTo(422);
            assertThat(r.code()).as(evil).isEqualTo("filter_regex_unsafe");
        }
        assertThat(api.send(s.ann(), s.dm(), "a".repeat(5_000) + "b").status()).isEqualTo(201);
    }
}
