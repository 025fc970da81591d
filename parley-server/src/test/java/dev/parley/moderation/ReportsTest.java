package dev.parley.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reporting messages, accounts and conversations, and who may (and may not) report or see what. */
class ReportsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;

    static Person admin(String handle) {
        Person p = api.signUp(handle);
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(p.id(), true);
        return p;
    }

    static Map<String, Object> report(String kind, String id, String category) {
        return Map.of("target", Map.of("kind", kind, "id", id), "category", category, "note", "please look");
    }

    /** The queue's group for one account, or null. */
    static JsonNode group(Person moderator, Person reported) {
        JsonNode groups = api.get("/api/v1/moderation/reports?status=open", moderator.token()).expect(200)
                .body().get("groups");
        for (JsonNode g : groups) {
            if (reported.id().equals(g.at("/account/id").asText())) {
                return g;
            }
        }
        return null;
    }

    @Test
    void aReportedMessageAndTheTenBeforeItStayVisibleToModeratorsAfterUnsend() {
        n++;
        Person ann = api.signUp("rpann" + n);
        Person bob = api.signUp("rpbob" + n);
        Person mod = admin("rpmod" + n);
        api.setDmPolicy(ann, "everyone");
        String dm = api.open(bob, ann);
        api.send(ann, dm, "before everything").expect(201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(api.send(bob, dm, "m" + i).expect(201).body().get("id").asText());
        }
        String worst = ids.get(11);

        Api.Res created = api.post("/api/v1/reports", ann.token(), report("message", worst, "harassment")).expect(201);
        assertThat(created.body().at("/shared_with_moderators/messages").asInt()).isEqualTo(11);
        assertThat(created.body().get("status").asText()).isEqualTo("open");
        String reportId = created.body().get("id").asText();

        api.delete("/api/v1/messages/" + worst, bob.token()).expect(200);

        JsonNode g = group(mod, bob);
        assertThat(g).isNotNull();
        assertThat(g.get("count").asInt()).isEqualTo(1);
        assertThat(g.at("/categories/harassment").asInt()).isEqualTo(1);
        JsonNode item = g.get("reports").get(0);
        assertThat(item.get("note").asText()).isEqualTo("please look");
        List<String> texts = new ArrayList<>();
        item.get("snapshot").forEach(s -> texts.add(s.get("text").asText()));
        assertThat(texts).containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11");
        assertThat(item.get("snapshot").get(10).get("author_id").asText()).isEqualTo(bob.id());
        assertThat(item.get("snapshot").get(10).get("author_kind").asText()).isEqualTo("person");
        // The reporter follows their report; nobody else can see it.
        assertThat(api.get("/api/v1/reports/" + reportId, ann.token()).expect(200).body().get("status").asText())
                .isEqualTo("open");
        Api.Res other = api.get("/api/v1/reports/" + reportId, bob.token());
        Api.Res unknown = api.get("/api/v1/reports/k-nothing", bob.token());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.raw()).isEqualTo(unknown.raw());
    }

    @Test
    void everyCategoryIsAcceptedAndAnyOtherRefused() {
        n++;
        Person ann = api.signUp("rcann" + n);
        Person bob = api.signUp("rcbob" + n);
        int reporter = 0;
        for (String c : List.of("spam", "harassment", "hate", "sexual_content", "impersonation", "self_harm", "other")) {
            // One reporter each: a repeat report of the same account by the same person counts once.
            Person someone = api.signUp("rcrep" + n + "x" + (++reporter));
            api.post("/api/v1/reports", someone.token(), report("account", bob.id(), c)).expect(201);
        }
        Api.Res bad = api.post("/api/v1/reports", ann.token(), report("account", bob.id(), "rude"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.code()).isEqualTo("validation_failed");
        assertThat(bad.contentType()).startsWith("application/problem+json");
        Api.Res kind = api.post("/api/v1/reports", ann.token(), report("planet", bob.id(), "spam"));
        assertThat(kind.status()).isEqualTo(422);
        Api.Res self = api.post("/api/v1/reports", ann.token(), report("account", ann.id(), "spam"));
        assertThat(self.status()).isEqualTo(422);
        Person mod = admin("rcmod" + n);
        JsonNode g = group(mod, bob);
        assertThat(g.get("count").asInt()).isEqualTo(7);
        assertThat(g.get("categories").size()).isEqualTo(7);
    }

    @Test
    void theReporterCanBlockInTheSameStep() {
        n++;
        Person ann = api.signUp("rbann" + n);
        Person bob = api.signUp("rbbob" + n);
        api.setDmPolicy(ann, "everyone");
        String dm = api.open(bob, ann);
        String id = api.send(bob, dm, "buy my stuff").expect(201).body().get("id").asText();
        Api.Res r = api.post("/api/v1/reports", ann.token(), Map.of("target", Map.of("kind", "message", "id", id),
                "category", "spam", "block", true)).expect(201);
        assertThat(r.body().get("blocked").asBoolean()).isTrue();
        JsonNode blocks = api.get("/api/v1/me/blocks", ann.token()).expect(200).body().get("items");
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).get("id").asText()).isEqualTo(bob.id());
        assertThat(api.send(bob, dm, "again").status()).isEqualTo(403);
    }

    @Test
    void strangersAndRemovedMembersCannotReportWhatTheyCannotSee() {
        n++;
        Person ann = api.signUp("rsann" + n);
        Person bob = api.signUp("rsbob" + n);
        Person cat = api.signUp("rscat" + n);
        Person dan = api.signUp("rsdan" + n);
        for (Person p : List.of(ann, bob, cat, dan)) {
            api.setDmPolicy(p, "everyone");
        }
        String group = api.open(ann, bob, dan);
        String id = api.send(bob, group, "hello group").expect(201).body().get("id").asText();
        Api.Res unknown = api.post("/api/v1/reports", cat.token(), report("message", "nope", "spam"));
        assertThat(unknown.status()).isEqualTo(404);

        Api.Res stranger = api.post("/api/v1/reports", cat.token(), report("message", id, "spam"));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.raw()).isEqualTo(unknown.raw());
        Api.Res strangerConv = api.post("/api/v1/reports", cat.token(), report("conversation", group, "spam"));
        assertThat(strangerConv.status()).isEqualTo(404);

        api.delete("/api/v1/conversations/" + group + "/members/" + dan.id(), ann.token());
        Api.Res removed = api.post("/api/v1/reports", dan.token(), report("message", id, "spam"));
        assertThat(removed.status()).isEqualTo(404);
        assertThat(removed.raw()).isEqualTo(unknown.raw());
        // A member reports the group conversation: it concerns no one account.
        api.post("/api/v1/reports", ann.token(), report("conversation", group, "spam")).expect(201);
    }

    /**
     * A member added later never saw what came before (message ids are the conversation's and a seq, so
     * easily named): reporting it is the 404 of an unknown id, and a later message's report shares only
     * what they saw.
     */
    @Test
    void aMemberAddedLaterSharesNothingFromBeforeTheyJoined() {
        n++;
        Person ann = api.signUp("rjann" + n);
        Person bob = api.signUp("rjbob" + n);
        Person eve = api.signUp("rjeve" + n);
        Person mod = admin("rjmod" + n);
        for (Person p : List.of(ann, bob, eve)) {
            api.setDmPolicy(p, "everyone");
        }
        String group = api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", List.of(bob.id()), "title", "Club"))
                .expect(201).body().get("id").asText();
        String before = api.send(bob, group, "before eve came").expect(201).body().get("id").asText();
        api.post("/api/v1/conversations/" + group + "/members", ann.token(), Map.of("account_ids", List.of(eve.id())))
                .expect(200);
        String after = api.send(bob, group, "after eve came").expect(201).body().get("id").asText();

        Api.Res unknown = api.post("/api/v1/reports", eve.token(), report("message", "nope", "spam"));
        Api.Res early = api.post("/api/v1/reports", eve.token(), report("message", before, "spam"));
        assertThat(early.status()).isEqualTo(404);
        assertThat(early.raw()).isEqualTo(unknown.raw());

        api.post("/api/v1/reports", eve.token(), report("message", after, "spam")).expect(201);
        String shared = group(mod, bob).toString();
        assertThat(shared).contains("after eve came").doesNotContain("before eve came");
    }

    @Test
    void aRepeatReportOfTheSameTargetAnswersTheOpenOneAndCountsOnce() {
        n++;
        Person ann = api.signUp("rdann" + n);
        Person bob = api.signUp("rdbob" + n);
        Person cat = api.signUp("rdcat" + n);
        Person mod = admin("rdmod" + n);
        api.setDmPolicy(ann, "everyone");
        String dm = api.open(bob, ann);
        String id = api.send(bob, dm, "rude words").expect(201).body().get("id").asText();

        Api.Res first = api.post("/api/v1/reports", ann.token(), report("account", bob.id(), "hate")).expect(201);
        String reportId = first.body().get("id").asText();
        // Again, by handle, in another category: the open report answers, nothing is added.
        for (Map<String, Object> again : List.of(report("account", bob.id(), "hate"),
                report("account", "@" + bob.handle(), "spam"))) {
            Api.Res repeat = api.post("/api/v1/reports", ann.token(), again).expect(200);
            assertThat(repeat.body().get("id").asText()).isEqualTo(reportId);
            assertThat(repeat.body().get("status").asText()).isEqualTo("open");
        }
        String messageReport = api.post("/api/v1/reports", ann.token(), report("message", id, "spam")).expect(201)
                .body().get("id").asText();
        assertThat(api.post("/api/v1/reports", ann.token(), report("message", id, "spam")).expect(200)
                .body().get("id").asText()).isEqualTo(messageReport);
        JsonNode g = group(mod, bob);
        assertThat(g.get("count").asInt()).as("one report of the account, one of its message").isEqualTo(2);
        assertThat(g.at("/categories/hate").asInt()).isEqualTo(1);

        // Someone else's report counts; once the first is reviewed, a new one is a new report.
        api.post("/api/v1/reports", cat.token(), report("account", bob.id(), "hate")).expect(201);
        assertThat(group(mod, bob).get("count").asInt()).isEqualTo(3);
        api.post("/api/v1/moderation/actions", mod.token(), Map.of("action", "dismiss",
                "target", Map.of("kind", "report", "id", reportId), "reason", "not a violation")).expect(200);
        assertThat(api.post("/api/v1/reports", ann.token(), report("account", bob.id(), "hate")).expect(201)
                .body().get("id").asText()).isNotEqualTo(reportId);
    }
}
