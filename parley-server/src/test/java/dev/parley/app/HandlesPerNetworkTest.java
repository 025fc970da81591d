package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Res;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Handles are unique per network: two apps and the node's password accounts may each have an
 * "ann", each network sees only its own, and no clash tells one network that a handle exists in
 * another.
 */
class HandlesPerNetworkTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    private String admin() {
        Api.Person root = api.signUp("keeper_" + Long.toString(System.nanoTime(), 36));
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(root.id(), true);
        return root.token();
    }

    private static String app(String admin, String name) {
        return api.post("/api/v1/admin/apps", admin, Map.of("name", name)).expect(201).body().get("secret").asText();
    }

    private static Res put(String secret, String externalId, Map<String, Object> fields) {
        return api.call("PUT", "/api/v1/app/users/" + externalId, secret, fields);
    }

    private static String token(String secret, String externalId) {
        return api.call("POST", "/api/v1/app/users/" + externalId + "/tokens", secret, Map.of("ttl_seconds", 600))
                .expect(201).body().get("token").asText();
    }

    @Test
    void twoAppsAndThePasswordNetworkEachHaveTheirOwnAnn() {
        String admin = admin();
        String one = app(admin, "ann-one");
        String two = app(admin, "ann-two");
        Api.Person localAnn = api.signUp("ann");
        Api.Person localViewer = api.signUp("local_viewer");

        // The same handle in three networks: no clash, and an app that leaves the handle out gets
        // the plain name, as if the others did not exist.
        String oneAnn = put(one, "a-1", Map.of("handle", "ann", "display_name", "Ann One")).expect(201)
                .body().get("id").asText();
        Res twoAnnMade = put(two, "a-2", Map.of("display_name", "Ann")).expect(201);
        assertThat(twoAnnMade.body().get("handle").asText()).isEqualTo("ann");
        String twoAnn = twoAnnMade.body().get("id").asText();
        put(one, "v-1", Map.of("display_name", "Viewer One")).expect(201);
        put(two, "v-2", Map.of("display_name", "Viewer Two")).expect(201);

        // Each network's @ann is its own.
        Map<String, String> expected = Map.of(token(one, "v-1"), oneAnn, token(two, "v-2"), twoAnn,
                localViewer.token(), localAnn.id());
        expected.forEach((viewer, annId) -> {
            assertThat(api.get("/api/v1/accounts/@ann", viewer).expect(200).body().get("id").asText()).isEqualTo(annId);
            assertThat(api.get("/api/v1/accounts/ann/dm-permission", viewer).status()).isEqualTo(200);
        });

        // Password sign-in finds the password account, never an app's ann.
        Res signIn = api.post("/api/v1/sessions", null, Map.of("handle", "ann", "password", "correct horse battery"));
        assertThat(signIn.status()).isEqualTo(201);
        assertThat(signIn.body().at("/account/id").asText()).isEqualTo(localAnn.id());

        // A clash is still refused within one network, for upserts, batches and renames alike.
        Res same = put(one, "a-3", Map.of("handle", "ann", "display_name", "Another Ann"));
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.contentType()).contains("application/problem+json");
        Res batch = api.post("/api/v1/app/users/batch", one, Map.of("users", List.of(
                Map.of("external_id", "b-1", "display_name", "Bee"),
                Map.of("external_id", "b-2", "display_name", "Bea", "handle", "ann"))));
        assertThat(batch.status()).isEqualTo(409);
        assertThat(batch.body().get("index").asInt()).isEqualTo(1);
        assertThat(put(one, "v-1", Map.of("handle", "ann")).status()).isEqualTo(409);
        assertThat(put(two, "v-2", Map.of("handle", "local_viewer")).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/accounts", null, Map.of("handle", "ann", "password", "another fine password",
                "display_name", "Ann Again")).status()).isEqualTo(409);
    }

    @Test
    void aHandleTakenOnlyInAnotherNetworkIsFreeForSignUpAndForBusinessPages() throws Exception {
        String admin = admin();
        String app = app(admin, "pages");
        put(app, "owner", Map.of("handle", "page_owner", "display_name", "Owner")).expect(201);
        put(app, "taken", Map.of("handle", "shop_app_only", "display_name", "Shop User")).expect(201);
        api.signUp("shop_local_only");

        // Sign-up takes a handle that only an app's user has.
        api.signUp("page_owner");

        // An app's user makes a page in their own network: a handle only the password network has
        // is free there, one their own network has is not.
        String owner = token(app, "owner");
        Res page = api.post("/api/v1/businesses", owner, Map.of("handle", "shop_local_only", "display_name", "Shop"));
        assertThat(page.status()).isEqualTo(201);
        Res clash = api.post("/api/v1/businesses", owner, Map.of("handle", "shop_app_only", "display_name", "Shop"));
        assertThat(clash.status()).isEqualTo(409);
        // The app's own people find the page by its handle; the password network finds its own.
        String pageId = page.body().at("/business/id").asText();
        put(app, "buyer", Map.of("display_name", "Buyer")).expect(201);
        assertThat(api.get("/api/v1/accounts/@shop_local_only", token(app, "buyer")).expect(200)
                .body().get("id").asText()).isEqualTo(pageId);
        Api.Person local = api.signUp("local_buyer");
        assertThat(api.get("/api/v1/accounts/@shop_local_only", local.token()).expect(200)
                .body().get("id").asText()).isNotEqualTo(pageId);
    }
}
