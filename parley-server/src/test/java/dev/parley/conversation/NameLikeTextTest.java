package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.business.Shops;
import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group titles, bios and saved replies' titles are cleaned as display names are: they kept bidi
 * controls and zero-width characters, so a title of only zero-width spaces was taken (an invisible
 * group), and "\u202Enimda em edam ecilA" made a system line that read "… Alice made me admin".
 */
class NameLikeTextTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;

    private static void refusedAsEmpty(Api.Res r, Api.Res empty) {
        r.expect(422);
        assertThat(r.code()).isEqualTo(empty.code()).isEqualTo("validation_failed");
        assertThat(r.body().get("detail").asText()).isEqualTo(empty.body().get("detail").asText());
    }

    @Test
    void aGroupTitleLosesInvisibleAndBidiCharactersAndOneLeftEmptyIsRefusedAsAnEmptyOne() {
        Person ann = api.signUp("nlt_ann" + (++n));
        Person bob = api.signUp("nlt_bob" + n);
        api.setDmPolicy(bob, "everyone");
        List<String> members = List.of(bob.id());
        Api.Res empty = api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", members, "title", ""));
        empty.expect(422);
        for (String invisible : List.of("\u200b\u200b", "\u202e\u2066", " \u3164 ", "\u0301")) {
            refusedAsEmpty(api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", members, "title", invisible)),
                    empty);
        }
        String group = api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", members,
                "title", "\u202Enimda em edam ecilA")).expect(201).body().get("id").asText();
        assertThat(api.get("/api/v1/conversations/" + group, ann.token()).body().get("title").asText())
                .isEqualTo("nimda em edam ecilA");
        Api.Res emptyRename = api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", ""));
        emptyRename.expect(422);
        refusedAsEmpty(api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", "\u200b\u200d")), emptyRename);
        api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", "Trip\u200b \u2067to\u2069  Rome"))
                .expect(200);
        assertThat(api.get("/api/v1/conversations/" + group, bob.token()).body().get("title").asText())
                .isEqualTo("Trip to Rome");
    }

    @Test
    void aGroupTitleRefusesLineBreaksAsADisplayNameDoes() {
        // "a\nb" was taken and shown as "a b", while a display name with a line break is refused.
        Person ann = api.signUp("nlt_ann" + (++n));
        Person bob = api.signUp("nlt_bob" + n);
        api.setDmPolicy(bob, "everyone");
        List<String> members = List.of(bob.id());
        for (String title : List.of("a\nb", "Trip\tRome")) {
            Api.Res r = api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", members, "title", title));
            assertThat(r.status()).as(r.raw()).isEqualTo(422);
            assertThat(r.code()).isEqualTo("name_control_characters");
            assertThat(r.body().get("detail").asText()).contains("title");
        }
        String group = api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", members, "title", "Trip"))
                .expect(201).body().get("id").asText();
        Api.Res rename = api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", "Trip\nto Rome"));
        assertThat(rename.code()).isEqualTo("name_control_characters");
        assertThat(api.get("/api/v1/conversations/" + group, bob.token()).body().get("title").asText()).isEqualTo("Trip");
    }

    @Test
    void aGroupTitleThatPassesForTheServiceIsReservedAsADisplayNameIs() {
        // A group titled "Parley Support" asking its members for their password would pass for the service.
        Person ann = api.signUp("nlt_ann" + (++n));
        Person bob = api.signUp("nlt_bob" + n);
        api.setDmPolicy(bob, "everyone");
        for (String title : List.of("Parley Support", "PARLEY TEAM", "Parley user")) {
            Api.Res r = api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", List.of(bob.id()), "title", title));
            assertThat(r.status()).as(title).isEqualTo(422);
            assertThat(r.code()).isEqualTo("name_reserved");
        }
        String group = api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", List.of(bob.id()),
                "title", "Parley Street book club")).expect(201).body().get("id").asText();
        assertThat(api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("title", "Parley Team")).code())
                .isEqualTo("name_reserved");
    }

    @Test
    void aNullTitleIsRefusedNotIgnored() {
        // {"title": null} answered 200 and left the title as it was: the caller thought it removed.
        Person ann = api.signUp("nlt_ann" + (++n));
        Person bob = api.signUp("nlt_bob" + n);
        api.setDmPolicy(bob, "everyone");
        String group = api.post("/api/v1/conversations", ann.token(), Map.of("member_ids", List.of(bob.id()),
                "title", "Trip")).expect(201).body().get("id").asText();
        Api.Res r = api.patch("/api/v1/conversations/" + group, ann.token(), "{\"title\": null}");
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("validation_failed");
        assertThat(r.body().get("detail").asText()).contains("title");
        // Leaving the field out still leaves the title alone.
        api.patch("/api/v1/conversations/" + group, ann.token(), Map.of("muted", true)).expect(200);
        assertThat(api.get("/api/v1/conversations/" + group, ann.token()).body().get("title").asText()).isEqualTo("Trip");
    }

    @Test
    void aBioIsCleanedAndOneLeftInvisibleIsRemoved() {
        Person cat = api.signUp("nlt_cat" + (++n));
        api.patch("/api/v1/me", cat.token(), Map.of("bio", "\u202EClimbs\u200B rocks")).expect(200);
        assertThat(api.get("/api/v1/accounts/" + cat.id(), cat.token()).body().get("bio").asText()).isEqualTo("Climbs rocks");
        api.patch("/api/v1/me", cat.token(), Map.of("bio", "\u200b\u200b")).expect(200);
        assertThat(api.get("/api/v1/accounts/" + cat.id(), cat.token()).body().path("bio").asText(null)).isNull();
    }

    @Test
    void aSavedReplysTitleIsCleanedToo() {
        Shop shop = new Shops(api).shop("nlt" + (++n));
        String base = shop.base() + "/saved-replies";
        Api.Res empty = api.post(base, shop.owner().token(), Map.of("shortcut", "a", "title", "", "body", "b"));
        empty.expect(422);
        refusedAsEmpty(api.post(base, shop.owner().token(), Map.of("shortcut", "a", "title", "\u200b", "body", "b")), empty);
        assertThat(api.post(base, shop.owner().token(), Map.of("shortcut", "a", "title", "\u202EHello\u200B", "body", "b"))
                .expect(201).body().get("title").asText()).isEqualTo("Hello");
    }
}
