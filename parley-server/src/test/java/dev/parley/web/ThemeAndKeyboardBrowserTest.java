package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Issue 21 point 10: the theme choice (system, light, dark) is remembered and in place before the
 * first frame is drawn, follows the system when asked to, and every control of the main screen is
 * reached with Tab and shows where the focus is.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class ThemeAndKeyboardBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());
    /** The first animation frame runs just before the first paint: what theme did it see? */
    private static final String FIRST_FRAME = "requestAnimationFrame(() => { window.__themeAtFirstFrame ="
            + " document.documentElement.dataset.theme || 'none'; });";

    @Test
    void aChosenThemeIsRememberedAndDrawnFromTheFirstFrameAndSystemFollowsTheSystem() {
        Browser b = WEB.browser("theme");
        b.signUp("thea", "Thea");
        systemPrefers(b, "light");
        b.go("#/settings");
        assertThat(b.attr("#theme-system", "checked")).isNotNull();
        assertThat(b.js("return document.documentElement.dataset.theme")).isEqualTo("light");
        b.screenshot("a11y-theme-settings-light");

        b.click("#theme-dark");
        assertThat(b.js("return document.documentElement.dataset.theme")).isEqualTo("dark");
        assertThat(b.js("return getComputedStyle(document.documentElement).backgroundColor")).isEqualTo("rgb(17, 20, 24)");
        b.screenshot("a11y-theme-settings-dark");

        // A new visit: dark from the very first frame, with the system still saying light.
        b.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", FIRST_FRAME));
        b.driver.navigate().refresh();
        b.waitOnline();
        Object atFirstFrame = b.wait.until(d -> b.js("return window.__themeAtFirstFrame"));
        assertThat(atFirstFrame).isEqualTo("dark");
        b.go("#/settings");
        assertThat(b.attr("#theme-dark", "checked")).isNotNull();

        // "Same as the system" follows it, also when it changes while the page is open.
        b.click("#theme-system");
        assertThat(b.js("return document.documentElement.dataset.theme")).isEqualTo("light");
        systemPrefers(b, "dark");
        b.wait.until(d -> "dark".equals(b.js("return document.documentElement.dataset.theme")));
        assertThat(b.js("return localStorage.getItem('parley.theme')")).isNull();
    }

    /**
     * A display name past the server's limit was cut by the box's maxlength without a word (a pasted
     * one too): the box counts instead and keeps every character, and the server's refusal is shown.
     * A new name shows in the header and in the person's own group at once, without a reload.
     */
    @Test
    void aDisplayNameTooLongIsCountedNotCutAndTheNewNameShowsWithoutAReload() {
        Api api = WEB.api();
        Api.Person nia = api.signUp("nia_dn");
        Api.Person oli = api.signUp("oli_dn");
        String group = api.post("/api/v1/conversations", nia.token(),
                Map.of("member_ids", List.of(oli.id()), "title", "Choir")).expect(201).body().get("id").asText();
        Browser b = WEB.browser("nia");
        b.signIn("nia_dn");
        b.waitText("#me-name", "(@nia_dn)");
        b.go("#/settings");
        String seventy = "Antonia Beatriz Carolina Dolores Esperanza Fernanda Guadalupe Ximena Q";
        b.clear("#set-display-name");
        b.type("#set-display-name", seventy);
        assertThat(b.attr("#set-display-name", "value")).as("nothing is cut").isEqualTo(seventy);
        b.waitText("#set-display-name-count", "70 / 64: 6 too many");
        b.clickText("button", "Save settings");
        b.waitText(".error", "Your name can be at most 64 characters; this has 70.");

        b.clear("#set-display-name");
        b.type("#set-display-name", "Nia Okafor");
        b.waitText("#set-display-name-count", "10 / 64");
        b.clickText("button", "Save settings");
        b.waitText("[role='status']", "Saved.");
        b.waitText("#me-name", "Nia Okafor (@nia_dn)");
        b.go("#/c/" + group + "/members");
        b.waitText(".members", "Nia Okafor");
    }

    @Test
    void everyControlOfTheMainScreenIsReachedWithTabAndShowsItsFocus() {
        WEB.api().signUp("kbfriend");
        Browser b = WEB.browser("keyboard");
        b.signUp("kbuser", "Kay Board");
        for (int[] size : new int[][] {{1366, 800}, {390, 844}}) {
            b.resize(size[0], size[1]);
            b.go("#/");
            b.waitVisible("#conv-list");
            // Number every control a person can see and Tab to, then Tab through the page.
            long controls = (Long) b.js("""
                    document.querySelectorAll('[data-kb]').forEach((e) => delete e.dataset.kb);
                    const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
                      .filter((e) => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({ visibilityProperty: true }));
                    all.forEach((e, i) => { e.dataset.kb = String(i); });
                    return all.length;""");
            assertThat(controls).isGreaterThan(10);
            b.js("document.activeElement?.blur(); window.scrollTo(0, 0)");
            List<String> unseen = new ArrayList<>();
            java.util.Set<String> reached = new java.util.HashSet<>();
            for (int i = 0; i < controls + 3; i++) {
                new Actions(b.driver).sendKeys(Keys.TAB).perform();
                @SuppressWarnings("unchecked")
                Map<String, Object> f = (Map<String, Object>) b.js("""
                        const e = document.activeElement, s = getComputedStyle(e);
                        const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
                        return { kb: e.dataset.kb || null, ring, what: e.outerHTML.slice(0, 80) };""");
                if (f.get("kb") != null) {
                    reached.add((String) f.get("kb"));
                    if (!Boolean.TRUE.equals(f.get("ring"))) {
                        unseen.add((String) f.get("what"));
                    }
                }
            }
            @SuppressWarnings("unchecked")
            List<String> missed = (List<String>) b.js("""
                    return [...document.querySelectorAll('[data-kb]')].filter((e) => !arguments[0].includes(e.dataset.kb))
                      .map((e) => e.outerHTML.slice(0, 80));""", new ArrayList<>(reached));
            assertThat(missed).as("controls Tab never reached at " + size[0]).isEmpty();
            assertThat(unseen).as("controls focused without a visible ring at " + size[0]).isEmpty();
        }
    }

    private static void systemPrefers(Browser b, String scheme) {
        b.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }
}
