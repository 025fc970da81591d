package dev.parley.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.NodeFixture;
import dev.parley.testing.Api.Person;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the outside probe got through at sign-up: weak passwords, staff-like handles, look-alike names. */
class SignUpRulesTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();



    static Api.Res signUp(String handle, String password, String displayName) {
        return api.post("/api/v1/accounts", null,
                Map.of("handle", handle, "password", password, "display_name", displayName));
    }

    static void refused(Api.Res r, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void commonPasswordsAreRefusedWhateverTheirCase() {
        refused(signUp("pw_ann", "password1234", "Ann"), "password_too_common");
        refused(signUp("pw_ann", "PassWord1234", "Ann"), "password_too_common");
        refused(signUp("pw_ann", "Password 1234", "Ann"), "password_too_common");
        refused(signUp("pw_ann", "qwertyuiop123", "Ann"), "password_too_common");
        refused(signUp("pw_ann", "123456789012", "Ann"), "password_too_common");
        refused(signUp("pw_ann", "iloveyou2024", "Ann"), "password_too_common");
        refused(signUp("pw_ann", "abababababab", "Ann"), "password_too_common");
        assertThat(signUp("pw_ann", "mauve kettle on the stairs", "Ann").status()).isEqualTo(201);
    }

    @Test
    void blankPasswordsAndControlCharactersAreRefused() {
        refused(signUp("pw_bob", "            ", "Bob"), "password_blank");
        refused(signUp("pw_bob", "\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000", "Bob"),
                "password_blank");
        refused(signUp("pw_bob", "mauve kettle\non the stairs", "Bob"), "password_control_characters");
        // NUL is refused earlier, for every field of every body alike (http/InputText).
        refused(signUp("pw_bob", "mauve kettle\u0000stairs", "Bob"), "validation_failed");
        // Spaces inside, and any script or emoji, are fine (NIST SP 800-63B).
        assertThat(signUp("pw_bob", "чайник на лестнице 🫖", "Bob").status()).isEqualTo(201);
    }

    @Test
    void aPasswordContainingTheHandleIsRefused() {
        refused(signUp("pw_carla", "my name is PW_CARLA ok", "Carla"), "password_contains_handle");
        assertThat(signUp("pw_carla", "mauve kettle on the stairs", "Carla").status()).isEqualTo(201);
    }

    @Test
    void staffLookingHandlesAreReserved() {
        for (String h : new String[] {"admin", "root", "support", "parley", "moderator", "official", "security",
                "help", "system", "staff", "Parley_Support", "parleysupport", "admin_2", "the_admin", "support_team",
                "official_news", "bobadmin", "sysadmin1"}) {
            refused(signUp(h, "mauve kettle on the stairs", "Someone"), "handle_reserved");
        }
        // Words that only contain a staff word are ordinary.
        for (String h : new String[] {"rooted_bob", "helpful_hannah", "staffan", "systematic"}) {
            assertThat(signUp(h, "mauve kettle on the stairs", "Someone").status()).as(h).isEqualTo(201);
        }
    }

    /** Digits for the letters they look like, and "rn" for "m", once took a staff word past the list. */
    @Test
    void staffHandlesSpelledWithLookAlikesAreReservedToo() {
        for (String h : new String[] {"adm1n", "p4rley", "systern", "m0derator", "supp0rt", "h3lp", "r00t", "0fficial",
                "adrnin_team", "5ecurity"}) {
            refused(signUp(h, "mauve kettle on the stairs", "Someone"), "handle_reserved");
        }
        for (String h : new String[] {"anna_1999", "carol2004", "barney_7", "kernel_dev", "bob_s1ngs"}) {
            assertThat(signUp(h, "mauve kettle on the stairs", "Someone").status()).as(h).isEqualTo(201);
        }
    }

    @Test
    void aBusinessCannotTakeAStaffHandleEither() {
        Person owner = api.signUp("rsv_owner");
        Api.Res r = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "parley_help", "display_name", "Help"));
        refused(r, "handle_reserved");
    }

    @Test
    void namesLoseInvisibleAndBidiCharactersAndTakeTheirNfkcForm() {
        Api.Res r = signUp("nm_ann", "mauve kettle on the stairs", "\u202EAnn\u200B \u200D Lee\u2066  \uFF2C\uFF45\uFF45");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().at("/account/display_name").asText()).isEqualTo("Ann Lee Lee");
    }

    @Test
    void lookAlikeNamesAreRefused() {
        refused(signUp("nm_bob", "mauve kettle on the stairs", "\u200B\u200D\u2060"), "name_invisible");
        refused(signUp("nm_bob", "mauve kettle on the stairs", "\u3164\u3164"), "name_invisible");
        refused(signUp("nm_bob", "mauve kettle on the stairs", "Bob\nAdmin"), "name_control_characters");
        refused(signUp("nm_bob", "mauve kettle on the stairs", "Bob \u2714"), "name_verification_symbol");
        refused(signUp("nm_bob", "mauve kettle on the stairs", "Bob \u2705"), "name_verification_symbol");
        refused(signUp("nm_bob", "mauve kettle on the stairs", "P\u0430yPal Support"), "name_mixed_scripts");
        // A name wholly in one script is someone's name.
        assertThat(signUp("nm_bob", "mauve kettle on the stairs", "Иван Петров").status()).isEqualTo(201);
    }

    @Test
    void aChangedNameFollowsTheSameRules() {
        Person p = api.signUp("nm_carl");
        refused(api.patch("/api/v1/me", p.token(), Map.of("display_name", "Carl \u2714")), "name_verification_symbol");
        refused(api.patch("/api/v1/me", p.token(), Map.of("preferred_name", "C\u0430rl")), "name_mixed_scripts");
        Api.Res ok = api.patch("/api/v1/me", p.token(), Map.of("display_name", "Carl\u200F Jones"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("display_name").asText()).isEqualTo("Carl Jones");
    }

    @Test
    void theNamesShownForHiddenAndErasedPeopleCannotBeTaken() {
        // "Parley user" is what a blocker is shown as and "Deleted account" an erased one: taken as a
        // name, anyone could pass for either.
        for (String name : List.of("Parley user", "parley USER", "ParleyUser", " Deleted  account ", "DELETED​ACCOUNT",
                "Ｐarley user")) {
            refused(signUp("nm_dan", "mauve kettle on the stairs", name), "name_reserved");
        }
        Person p = api.signUp("nm_erin");
        refused(api.patch("/api/v1/me", p.token(), Map.of("display_name", "Deleted account")), "name_reserved");
        refused(api.patch("/api/v1/me", p.token(), Map.of("preferred_name", "Parley User")), "name_reserved");
        assertThat(api.patch("/api/v1/me", p.token(), Map.of("display_name", "Parley user fan")).status()).isEqualTo(200);
    }

    @Test
    void namesThatPassForTheServiceAreReserved() {
        // Handles such as parley and parleyteam were reserved, yet a display name "Parley Team" was taken.
        for (String name : List.of("Parley", "PARLEY", "Parley Team", "parley support", "Ｐａｒｌｅｙ Ｓｕｐｐｏｒｔ",
                "Par\u200Bley Team", "The Parley Team", "Team Parley", "ParIey", "Pärley Support", "Parley Official")) {
            refused(signUp("nm_fay", "mauve kettle on the stairs", name), "name_reserved");
        }
        Person p = api.signUp("nm_gil");
        refused(api.patch("/api/v1/me", p.token(), Map.of("display_name", "Parley Help")), "name_reserved");
        // A name that only holds the word is someone's name.
        assertThat(api.patch("/api/v1/me", p.token(), Map.of("display_name", "Parley Smith")).status()).isEqualTo(200);
        assertThat(api.patch("/api/v1/me", p.token(), Map.of("display_name", "Gil Parley")).status()).isEqualTo(200);
    }

    @Test
    void aLetterUnderAStackOfMarksIsRefused() {
        // "a" and 60 combining accents ("zalgo") drew over the lines around it.
        refused(signUp("nm_hal", "mauve kettle on the stairs", "a" + "\u0301\u0316".repeat(30)), "name_stacked_marks");
        refused(signUp("nm_hal", "mauve kettle on the stairs", "Hal e\u0301\u0302\u0303\u0304\u0305\u0306"), "name_stacked_marks");
        // Up to four marks on one letter are writing (Vietnamese, Hebrew points, Devanagari, Thai).
        assertThat(signUp("nm_hal", "mauve kettle on the stairs", "Nguye\u0302\u0303n \u05E9\u05C1\u05B8 \u0E19\u0E49\u0E33")
                .status()).isEqualTo(201);
    }
}
