package dev.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.media.Media;
import dev.parley.media.Samples;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * People search as one types (issue 21 point 3): ranked, paged, in the caller's network only, and
 * never across a block either way; profiles with a bio and an avatar.
 */
class PeopleSearchTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static Person me;

    static Person person(String handle, String displayName) {
        Api.Res r = api.post("/api/v1/accounts", null, Map.of("handle", handle, "password", "correct horse battery",
                "display_name", displayName)).expect(201);
        return new Person(r.body().at("/account/id").asText(), handle, r.body().get("token").asText());
    }

    @BeforeAll
    static void people() {
        me = person("searcher", "Sam Searcher");
        person("ann", "Ann");
        person("anna", "Anna");
        person("annabel", "Annabel");
        Person annie = person("annie", "Annie");
        person("zoe", "Zoe Annetta");
        person("joanna", "Jo");
        person("kim", "Kim Joanne");
        person("bob", "Bob");
        api.follow(me, annie);
        Person blocked = person("annblocked", "Blocked");
        Person blocker = person("annblocker", "Blocker");
        Person suspended = person("annsuspended", "Suspended");
        api.put("/api/v1/accounts/" + blocked.id() + "/block", me.token()).expect(200);
        api.put("/api/v1/accounts/" + me.id() + "/block", blocker.token()).expect(200);
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setSuspended(suspended.id(), true);
    }

    static List<String> handles(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("handle").asText()));
        return out;
    }

    static List<String> search(Person who, String q) {
        return handles(api.get("/api/v1/accounts?q=" + q, who.token()).expect(200).body());
    }

    @Test
    void exactHandleThenHandlePrefixThenNameWordThenSubstringWithFollowedPeopleFirst() {
        assertThat(search(me, "ann")).containsExactly("ann", "annie", "anna", "annabel", "zoe", "joanna", "kim");
        assertThat(search(me, "%40ANN")).as("a leading @ and capitals").startsWith("ann", "annie");
        assertThat(search(me, "annet")).containsExactly("zoe");
        // One letter finds starts of handles and of name words only, not every name holding it.
        assertThat(search(me, "j")).containsExactly("joanna", "kim");
        JsonNode first = api.get("/api/v1/accounts?q=ann", me.token()).body().get("items").get(1);
        assertThat(first.get("you_follow").asBoolean()).isTrue();
        assertThat(first.get("display_name").asText()).isEqualTo("Annie");
    }

    @Test
    void blocksEitherWaySuspendedAccountsAndTheCallerAreNeverFound() {
        assertThat(search(me, "annb")).isEmpty();
        assertThat(search(me, "annsus")).isEmpty();
        assertThat(search(me, "searcher")).isEmpty();
        Person bob = api.signUp("bobby");
        assertThat(search(bob, "annb")).as("a third person sees both").containsExactly("annblocked", "annblocker");
    }

    @Test
    void pagesWalkTheWholeRankingOnceEach() {
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/accounts?q=ann&limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    me.token()).expect(200).body();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            all.addAll(handles(page));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(all).containsExactly("ann", "annie", "anna", "annabel", "zoe", "joanna", "kim");
        assertThat(api.get("/api/v1/accounts?q=ann&cursor=banana", me.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/accounts?q=%20", me.token()).code()).isEqualTo("validation_failed");
    }

    @Test
    void namesAreFoundWithOrWithoutTheirAccents() {
        // "alvarez" found no "Inés Álvarez": people type names without their accents.
        person("ialvarez", "Inés Álvarez");
        person("zbronte", "Zoë Brontë");
        assertThat(search(me, "alvarez")).containsExactly("ialvarez");
        assertThat(search(me, "%C3%81lv")).as("accents in the query").containsExactly("ialvarez");
        assertThat(search(me, "ines%20alv")).containsExactly("ialvarez");
        assertThat(search(me, "bronte")).containsExactly("zbronte");
        JsonNode found = api.get("/api/v1/accounts?q=bronte", me.token()).body().get("items").get(0);
        assertThat(found.get("display_name").asText()).as("shown as written").isEqualTo("Zoë Brontë");
    }

    @Test
    void aQueryWhoseAccentsAreMarksOfTheirOwnFindsTheName() {
        // Names are stored composed (NFKC); a query typed with a combining acute ("Jose" + U+0301,
        // as some keyboards write it) found no "José Núñez".
        person("jnfd", "José Núñez");
        assertThat(search(me, "Jose%CC%81%20Nu%CC%81n%CC%83ez")).containsExactly("jnfd");
        assertThat(search(me, "nunez")).containsExactly("jnfd");
    }

    @Test
    void aRenameIsFoundByItsNewNameAndNoLongerByItsOld() {
        Person ren = person("renamed1", "Oldname Person");
        assertThat(search(me, "oldname")).containsExactly("renamed1");
        api.patch("/api/v1/me", ren.token(), Map.of("display_name", "Quillon Person")).expect(200);
        assertThat(search(me, "oldname")).isEmpty();
        assertThat(search(me, "quill")).containsExactly("renamed1");
    }

    @Test
    void anAppsUsersAndTheNodesPeopleNeverFindEachOther() {
        Person root = person("rootsearch", "Root");
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "app_" + UUID.randomUUID()))
                .expect(201).body().get("secret").asText();
        for (String u : List.of("annapp", "viewer")) {
            assertThat(api.call("PUT", "/api/v1/app/users/" + u, secret, Map.of("display_name", "Ann " + u)).status())
                    .isIn(200, 201);
        }
        assertThat(search(me, "annap")).isEmpty();
        JsonNode found = api.call("GET", "/api/v1/accounts?q=ann", secret, null, Map.of("X-Parley-User", "viewer"))
                .expect(200).body().get("items");
        assertThat(found).hasSize(1); // the app's own user, none of the node's many Anns
        assertThat(found.get(0).get("display_name").asText()).isEqualTo("Ann annapp");
    }

    @Test
    void aBioIsOneShortLineOnTheProfile() {
        Person bea = person("bea", "Bea");
        api.patch("/api/v1/me", bea.token(), Map.of("bio", "  Climbs rocks, bakes bread.  ")).expect(200);
        JsonNode profile = api.get("/api/v1/accounts/" + bea.id(), me.token()).expect(200).body();
        assertThat(profile.get("bio").asText()).isEqualTo("Climbs rocks, bakes bread.");
        assertThat(profile.get("avatar_url").isNull()).isTrue();
        assertThat(profile.get("handle").asText()).isEqualTo("bea");
        Api.Res tooLong = api.patch("/api/v1/me", bea.token(), Map.of("bio", "x".repeat(161), "display_name", "Changed"));
        assertThat(tooLong.code()).isEqualTo("validation_failed");
        assertThat(api.patch("/api/v1/me", bea.token(), Map.of("bio", "bell\u0007")).status()).isEqualTo(422);
        JsonNode mine = api.get("/api/v1/me", bea.token()).expect(200).body();
        assertThat(mine.get("display_name").asText()).as("a refused bio changes nothing").isEqualTo("Bea");
        assertThat(mine.get("bio").asText()).isEqualTo("Climbs rocks, bakes bread.");
    }

    @Test
    void anAvatarIsAnOwnUploadedImageShownBySignedLinkToWhoeverSeesTheProfile() throws Exception {
        Person cy = person("cyavatar", "Cy");
        Media media = new Media(api);
        String image = media.upload(cy.token(), "me.png", Samples.png(64, 64), "image/png").expect(201).id();
        String text = media.upload(cy.token(), "notes.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .expect(201).id();
        String others = media.upload(me.token(), "x.png", Samples.png(8, 8), "image/png").expect(201).id();
        assertThat(api.call("PUT", "/api/v1/me/avatar", cy.token(), Map.of("upload_id", text)).code())
                .isEqualTo("not_an_image");
        assertThat(api.call("PUT", "/api/v1/me/avatar", cy.token(), Map.of("upload_id", others)).status())
                .isEqualTo(404);
        api.call("PUT", "/api/v1/me/avatar", cy.token(), Map.of("upload_id", image)).expect(200);
        String url = api.get("/api/v1/accounts/" + cy.id(), me.token()).expect(200).body().get("avatar_url").asText();
        assertThat(url).contains("sig=");
        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(api.base() + url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type").orElse("")).startsWith("image/");
        JsonNode found = api.get("/api/v1/accounts?q=cyav", me.token()).expect(200).body().get("items").get(0);
        assertThat(found.get("avatar_url").asText()).contains("sig=");
        api.delete("/api/v1/me/avatar", cy.token()).expect(200);
        assertThat(api.get("/api/v1/me", cy.token()).body().get("avatar_url").isNull()).isTrue();
    }
}
