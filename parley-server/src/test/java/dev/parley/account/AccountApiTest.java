package dev.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountApiTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();

    @Test
    void signUpSignInAndSignOut() {
        Api.Res up = api.post("/api/v1/accounts", null,
                Map.of("handle", "Carol_1", "password", "correct horse battery", "display_name", "Carol"));
        assertThat(up.status()).isEqualTo(201);
        assertThat(up.body().at("/account/handle").asText()).isEqualTo("carol_1");
        assertThat(up.body().at("/account/id").asText()).contains("-");
        assertThat(up.body().at("/account/settings/dm_policy").asText()).isEqualTo("following");
        assertThat(up.body().at("/account/settings/read_receipts").asBoolean()).isTrue();

        Api.Res in = api.post("/api/v1/sessions", null, Map.of("handle", "CAROL_1", "password", "correct horse battery"));
        assertThat(in.status()).isEqualTo(201);
        String token = in.body().get("token").asText();
        assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/sessions/current", token).status()).isEqualTo(204);
        Api.Res after = api.get("/api/v1/me", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.code()).isEqualTo("unauthorized");
        // The sign-up token is a separate session and still works.
        assertThat(api.get("/api/v1/me", up.body().get("token").asText()).status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordAndUnknownHandleAnswerAlike() {
        api.signUp("dave");
        Api.Res wrong = api.post("/api/v1/sessions", null, Map.of("handle", "dave", "password", "not the password!"));
        Api.Res unknown = api.post("/api/v1/sessions", null, Map.of("handle", "nobody_here", "password", "not the password!"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.raw()).isEqualTo(unknown.raw());
    }

    @Test
    void secondSignUpWithSameHandleInAnotherCaseConflicts() {
        api.signUp("erin");
        Api.Res again = api.post("/api/v1/accounts", null,
                Map.of("handle", "ERIN", "password", "correct horse battery", "display_name", "Erin 2"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("conflict");
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void badSignUpsAreRefusedWithProblems() {
        assertThat(api.post("/api/v1/accounts", null, "{not json").code()).isEqualTo("validation_failed");
        assertThat(api.post("/api/v1/accounts", null, Map.of("handle", 5)).status()).isEqualTo(400);
        Api.Res shortPw = api.post("/api/v1/accounts", null,
                Map.of("handle", "frank", "password", "short", "display_name", "F"));
        assertThat(shortPw.status()).isEqualTo(422);
        assertThat(shortPw.body().get("detail").asText()).contains("password");
        Api.Res badHandle = api.post("/api/v1/accounts", null,
                Map.of("handle", "no spaces", "password", "correct horse battery", "display_name", "F"));
        assertThat(badHandle.status()).isEqualTo(422);
        Api.Res missing = api.post("/api/v1/accounts", null, Map.of("handle", "gina"));
        assertThat(missing.status()).isEqualTo(422);
        // Nothing half-written: the handle is still free.
        assertThat(api.post("/api/v1/accounts", null,
                Map.of("handle", "gina", "password", "correct horse battery", "display_name", "Gina")).status()).isEqualTo(201);
    }

    @Test
    void profileSettingsAndGraph() {
        Person hal = api.signUp("hal");
        Person ivy = api.signUp("ivy");
        Api.Res patched = api.patch("/api/v1/me", hal.token(), Map.of("preferred_name", "Hally",
                "settings", Map.of("dm_policy", "everyone", "read_receipts", false, "hidden_words", java.util.List.of("Spam"))));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("preferred_name").asText()).isEqualTo("Hally");
        assertThat(patched.body().at("/settings/dm_policy").asText()).isEqualTo("everyone");
        assertThat(patched.body().at("/settings/hidden_words/0").asText()).isEqualTo("spam");
        assertThat(api.patch("/api/v1/me", hal.token(), Map.of("settings", Map.of("dm_policy", "friends"))).status())
                .isEqualTo(422);

        Api.Res followed = api.put("/api/v1/accounts/" + hal.id() + "/follow", ivy.token());
        assertThat(followed.body().get("you_follow").asBoolean()).isTrue();
        Api.Res seen = api.get("/api/v1/accounts/@ivy", hal.token());
        assertThat(seen.body().get("follows_you").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/accounts/hal", ivy.token()).body().get("followers_count").asLong()).isEqualTo(1);
        Api.Res likePerson = api.put("/api/v1/accounts/" + hal.id() + "/like", ivy.token());
        assertThat(likePerson.status()).isEqualTo(422);

        api.put("/api/v1/accounts/" + ivy.id() + "/block", hal.token()).expect(200);
        // Ivy, blocked by Hal, can no longer find Hal at all.
        assertThat(api.get("/api/v1/accounts/" + hal.id(), ivy.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/me/blocks", hal.token()).body().at("/items/0/id").asText()).isEqualTo(ivy.id());
        // Blocking ended Ivy's follow.
        assertThat(api.get("/api/v1/accounts/" + ivy.id(), hal.token()).body().get("follows_you").asBoolean()).isFalse();
    }
}
