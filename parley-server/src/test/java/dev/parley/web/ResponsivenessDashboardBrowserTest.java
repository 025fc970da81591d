package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api.Person;
import dev.parley.testing.MutableClock;
import dev.parley.testing.ResponsivenessWeek;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Ann, an agent of the shop, reads the Responsiveness dashboard of the scripted week (see
 * {@link ResponsivenessWeek}; the figures are worked out by hand in ResponsivenessTest): the badge
 * not earned and why, the headline figures, the charts and the per-agent table, on a desktop and a
 * phone; she downloads the CSV and is told when a period makes no sense. A brand-new business gets
 * an explanation instead of empty charts.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class ResponsivenessDashboardBrowserTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of("inbox.triage", "off", "automation.allow_private_webhooks", "on"),
            CLOCK);
    static ResponsivenessWeek week;

    @BeforeAll
    static void start() {
        week = ResponsivenessWeek.play(WEB.node(), CLOCK, "d");
    }

    @Test
    void anAgentReadsTheWeeksBadgeFiguresChartsAndAgentsOnADesktopAndAPhone() {
        Browser ann = openDashboard("dash-ann", "ann_d", "Acme (@acme_d, business)");
        // The last 7 days by default: up to now on the server's clock, Sunday 20:00 in New York.
        ann.waitText("#dash-period", "Nov 29, 2026, 8:00 PM – Dec 6, 2026, 8:00 PM");
        ann.click("#period-month");
        ann.waitText("#dash-period", "Nov 6, 2026, 8:00 PM – Dec 6, 2026, 8:00 PM");
        assertThat(value(ann, "requests")).isEqualTo("7");
        assertThat(ann.driver.findElements(By.cssSelector("#chart-days table tbody tr"))).hasSize(31);
        fullPage(ann, 1024);
        ann.screenshot("responsiveness-30-days");
        windowSized(ann);

        showPeriod(ann, "2026-11-30", "2026-12-06");
        ann.waitText("#dash-period", "Nov 30, 2026 – Dec 6, 2026");

        // The badge: 5 of 6 decided requests answered in time is short of 90%; the median just makes it.
        ann.waitText("#dash-badge-state", "Not earned");
        ann.waitText("#dash-badge-missing", "Response rate is 83.3% (5 of 6 requests answered within 24 hours)");
        ann.waitText("#dash-badge .criteria .unmet", "Response rate 83.3%, needs at least 90%");
        ann.waitText("#dash-badge .criteria .met", "Median first response 15 min, needs at most 15 min");

        assertThat(value(ann, "requests")).isEqualTo("7");
        assertThat(value(ann, "rate")).isEqualTo("83.3%");
        assertThat(value(ann, "p50")).isEqualTo("15 min");
        assertThat(value(ann, "p90")).isEqualTo("1 d 0 h 30 min"); // 88,200 s: r0's late answer
        assertThat(value(ann, "resolution")).isEqualTo("30 min");
        assertThat(value(ann, "awaiting")).isEqualTo("1");
        assertThat(value(ann, "complaints")).isEqualTo("1");
        assertThat(ann.waitVisible("#fig-complaints").getText()).contains("100% answered, median 4 min");
        assertThat(value(ann, "excluded")).isEqualTo("2");

        // name, requests, responded, missed, awaiting, rate, p50, p90, resolved, resolution p50
        assertThat(agentRow(ann, "Ann")).containsExactly("Ann", "3", "3", "0", "0", "100%", "6 min", "20 min", "2", "30 min");
        assertThat(agentRow(ann, "Bob")).containsExactly("Bob", "4", "2", "1", "1", "66.7%", "40 min", "1 d 0 h 30 min", "0", "—");

        // Charts: a median and a 90th-percentile bar for each of the 3 days with answers, 6 buckets,
        // and 7 × 24 hours of which the 7 requests' own 7 hours are shaded and counted.
        assertThat(ann.driver.findElements(By.cssSelector("#chart-days rect.bar"))).hasSize(6);
        assertThat(ann.driver.findElements(By.cssSelector("#chart-distribution rect.bar"))).hasSize(6);
        assertThat(ann.driver.findElements(By.cssSelector("#chart-heatmap rect[data-count]"))).hasSize(168);
        assertThat(ann.driver.findElements(By.cssSelector("#chart-heatmap rect.cell:not(.zero)"))).hasSize(7);
        assertThat(ann.attr("#chart-heatmap rect[data-day='0'][data-hour='9']", "data-count")).isEqualTo("1");
        assertThat(ann.driver.findElement(By.cssSelector("#chart-heatmap table")).getAttribute("textContent"))
                .as("the numbers behind the heat map, for screen readers").contains("Monday");
        fullPage(ann, 1280);
        ann.screenshot("responsiveness-desktop");

        // On a phone the cards stack, the heat map stands upright and nothing but the table scrolls sideways.
        fullPage(ann, 390);
        ann.wait.until(d -> viewBoxWidth(ann, "#chart-heatmap svg") < 400);
        assertThat(ann.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        assertThat(ann.js("const r = document.querySelectorAll('.chart-card'); "
                + "return r[0].getBoundingClientRect().left === r[1].getBoundingClientRect().left")).isEqualTo(true);
        ann.screenshot("responsiveness-phone");
        windowSized(ann);
        // In a window the dashboard scrolls in its pane; the page itself (header and all) stays put.
        assertThat(ann.js("return document.documentElement.scrollHeight <= innerHeight")).isEqualTo(true);

        // The CSV comes with the token: every request of the period, the spam and blocked ones included.
        ann.click("#dash-csv");
        ann.waitText("#dash-status", "Downloaded acme_d-responsiveness-2026-11-30-to-2026-12-06.csv: 9 requests");

        // A period that ends before it starts: the server's own words, and no stale figures under them.
        showPeriod(ann, "2026-12-06", "2026-11-30");
        ann.waitText("#dash-error", "'from' must be before 'to'.");
        ann.waitGone("#dash-badge");
    }

    @Test
    void aBrandNewBusinessIsToldWhatWillCountInsteadOfShownEmptyCharts() {
        Person nell = WEB.api().signUp("nell_d");
        WEB.api().post("/api/v1/businesses", nell.token(), Map.of("handle", "kiosk_d", "display_name", "Kiosk")).expect(201);
        Browser b = openDashboard("dash-new", "nell_d", "Kiosk (@kiosk_d, business)");
        b.waitText("#dash-empty h3", "No customer requests in this period");
        b.waitText("#dash-empty", "bots");
        b.waitText("#dash-empty", "No open hours are set under Automation, so every hour counts.");
        b.waitText("#dash-badge-missing", "nothing to judge by");
        assertThat(b.driver.findElements(By.cssSelector(".chart-card"))).isEmpty();
        assertThat(b.driver.findElements(By.cssSelector("#dash-empty a[href='#/automation']"))).hasSize(1);
        fullPage(b, 390);
        b.screenshot("responsiveness-empty-phone");
    }

    private Browser openDashboard(String name, String handle, String business) {
        Browser b = WEB.browser(name);
        b.signIn(handle);
        new Select(b.waitVisible("#acting")).selectByVisibleText(business);
        b.clickText("a", "Responsiveness");
        b.waitText("h2", ": responsiveness");
        return b;
    }

    private static void showPeriod(Browser b, String from, String to) {
        b.click("#period-custom");
        setDate(b, "#dash-from", from);
        setDate(b, "#dash-to", to);
        b.clickText("#dash-custom button", "Show");
    }

    /** Sets a date input the way picking a date does; typing into one depends on the browser's locale. */
    private static void setDate(Browser b, String css, String date) {
        b.waitVisible(css);
        b.js("const e = document.querySelector(arguments[0]); e.value = arguments[1];"
                + "e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
                css, date);
    }

    private static String value(Browser b, String figure) {
        return b.waitVisible("#fig-" + figure + " .value").getText();
    }

    private static List<String> agentRow(Browser b, String name) {
        WebElement row = b.waitText("#dash-agents tbody tr", name);
        return row.findElements(By.cssSelector("th, td")).stream().map(e -> e.getAttribute("textContent")).toList();
    }

    private static double viewBoxWidth(Browser b, String css) {
        return Double.parseDouble(b.waitVisible(css).getDomAttribute("viewBox").split(" ")[2]);
    }

    /**
     * A viewport as wide as asked and tall enough for the whole dashboard, so one screenshot shows
     * it all. Emulated, since a window can't be made as narrow as a phone; {@code mobile} also makes
     * the page honour its viewport meta tag, the way a phone's browser does.
     */
    private static void fullPage(Browser b, int width) {
        viewport(b, width, 900);
        long tall = ((Number) b.js("const p = document.querySelector('.page'); "
                + "return p.scrollHeight + document.querySelector('.top').offsetHeight + 40")).longValue();
        viewport(b, width, (int) Math.max(900, tall));
        b.wait.until(d -> Boolean.TRUE.equals(
                b.js("const p = document.querySelector('.page'); return p.scrollHeight <= p.clientHeight + 1")));
    }

    private static void viewport(Browser b, int width, int height) {
        b.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 720));
        b.wait.until(d -> ((Number) b.js("return window.innerWidth")).intValue() == width);
    }

    private static void windowSized(Browser b) {
        b.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
}
