package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Content-Security-Policy at work in a real browser: markup that got into the page (the way a
 * bug in rendering a message could put it there) does not run, and the client itself still works.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class ContentSecurityBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void injectedInlineScriptsAndHandlersDoNotRunAndTheClientStillWorks() {
        Browser ann = WEB.browser("ann");
        ann.signUp("ann", "Ann Lee"); // the client's own scripts, styles and socket run under the policy

        ann.js("window.violations = [];"
                + "document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));"
                + "const s = document.createElement('script'); s.textContent = 'window.pwned = 1'; document.body.append(s);"
                + "const d = document.createElement('div');"
                + "d.innerHTML = '<img src=\"/nothing.png\" onerror=\"window.pwnedToo = 1\">'"
                + " + '<p style=\"color: red\" id=\"styled\">x</p>'; document.body.append(d);");
        new WebDriverWait(ann.driver, Duration.ofSeconds(10))
                .until(d -> ann.js("return window.violations.length >= 3 || !!window.pwned || !!window.pwnedToo").equals(true));

        assertThat(ann.js("return window.pwned === undefined && window.pwnedToo === undefined")).isEqualTo(true);
        assertThat(ann.js("return getComputedStyle(document.getElementById('styled')).color"))
                .as("an inline style attribute is not applied").isNotEqualTo("rgb(255, 0, 0)");
        @SuppressWarnings("unchecked")
        List<String> violated = (List<String>) ann.js("return window.violations");
        assertThat(violated).contains("script-src-elem", "script-src-attr", "style-src-attr");
        ann.waitOnline(); // the WebSocket (connect-src) still holds
    }
}
