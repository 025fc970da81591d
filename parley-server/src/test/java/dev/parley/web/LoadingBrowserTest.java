package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21 point 9 in Chromium: a cold load fetches every module the page preloads (so the
 * browser's own module loader finds none the server's list missed before the list shows; the
 * views opened later come by import()), a warm visit takes every file from the cache without
 * asking, and the app still works from the versioned addresses.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class LoadingBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void coldLoadsPreloadEveryModuleWarmOnesAskOnlyForThePageAndTheAppWorks() {
        Api api = WEB.api();
        Person friend = api.signUp("ldfriend");
        Person me = api.signUp("lduser");
        api.befriend(friend, me);
        Browser b = WEB.browser("loading");
        b.signIn("lduser");
        api.send(friend, api.open(friend, me), "Loaded in a blink").expect(201);
        String base = "http://127.0.0.1:" + WEB.node().port() + "/";

        // Cold: the HTTP cache and the worker's kept files emptied. Every module the browser loaded
        // before the list showed was in the preload list; the conversation screen's come after.
        double cold = LoadFigures.load(b, base, true);
        @SuppressWarnings("unchecked")
        List<String> notPreloaded = (List<String>) b.js("""
                const preloaded = new Set([...document.querySelectorAll('link[rel=modulepreload]')].map((l) => l.href));
                const entry = document.querySelector('script[type=module]').src;
                const ready = performance.getEntriesByName('parley:list-ready')[0].startTime;
                return performance.getEntriesByType('resource').filter((e) => e.startTime < ready).map((e) => e.name)
                  .filter((n) => n.includes('/assets/') && n.endsWith('.js') && !n.endsWith('/theme.js'))
                  .filter((n) => n !== entry && !preloaded.has(n));""");
        assertThat(notPreloaded).as("modules the browser loaded before the list showed that the page did not preload").isEmpty();
        assertThat((Long) b.js("return document.querySelectorAll('link[rel=modulepreload]').length")).isGreaterThan(10);
        assertThat((Boolean) b.js("return [...document.querySelectorAll('link[rel=modulepreload]')]"
                + ".some((l) => l.href.endsWith('/views/conversation.js'))")).as("a view opened later is preloaded").isFalse();

        // Warm: every asset from the cache, none revalidated (a revalidation transfers headers).
        double warm = LoadFigures.load(b, base, false);
        @SuppressWarnings("unchecked")
        List<String> asked = (List<String>) b.js("""
                return performance.getEntriesByType('resource')
                  .filter((e) => e.name.includes('/assets/') && e.transferSize > 0).map((e) => e.name);""");
        assertThat(asked).as("assets fetched or revalidated on a warm visit").isEmpty();
        assertThat((Long) b.js("return performance.getEntriesByType('resource')"
                + ".filter((e) => e.name.includes('/assets/')).length")).isGreaterThan(10);
        System.out.printf("LoadingBrowserTest: cold %.0f ms, warm %.0f ms to the conversation list%n", cold, warm);

        // And the app works from there: open the conversation, answer, see it sent.
        b.waitOnline();
        b.clickText("#conv-list .conv-item", "Ldfriend");
        b.message("Loaded in a blink");
        b.send("Indeed");
        b.message("Indeed");
        b.screenshot("70-loading-warm");
    }
}
