package dev.parley.web;

import dev.parley.testing.Api;
import dev.parley.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Not a test: the load figures of docs/PERFORMANCE.md (issue 21 point 9). One node on loopback, a
 * person with 12 conversations, one Chromium: N cold loads (the HTTP cache, the service worker and
 * its caches cleared through DevTools first) and N warm ones, each from about:blank to the first time the conversation list
 * shows conversations (the {@code parley:list-ready} mark sidebar.js sets, read from the
 * Performance API, so it counts from the navigation's start). Prints the median and the range,
 * and the requests each kind of load made.
 * Run: {@code java -cp target/classes:target/test-classes:CLASSPATH dev.parley.web.LoadFigures [N [WIDTH HEIGHT]]}
 * (1366×800 by default; 390×844 for a phone).
 */
public final class LoadFigures {
    private LoadFigures() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int width = args.length > 2 ? Integer.parseInt(args[1]) : 1366;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : 800;
        try (TestNode node = TestNode.start(Map.of())) {
            Api api = node.api;
            Api.Person ann = api.signUp("ann");
            for (int i = 0; i < 12; i++) {
                Api.Person other = api.signUp("friend" + i);
                api.befriend(ann, other);
                api.send(other, api.open(other, ann), "Hello number " + i).expect(201);
            }
            try (Browser b = Browser.open("ann", node)) {
                b.resize(width, height);
                b.signIn("ann");
                b.waitText("#conv-list", "Hello number");
                String base = "http://127.0.0.1:" + node.port() + "/";
                load(b, base, false); // the first visit warms the JIT and the connection, not measured
                print("cold", n, () -> load(b, base, true), b);
                print("warm", n, () -> load(b, base, false), b);
            }
        }
        System.exit(0); // a node's non-daemon threads (the WebSocket pinger) would keep the JVM up
    }

    private static void print(String kind, int n, java.util.function.DoubleSupplier run, Browser b) {
        List<Double> ms = new ArrayList<>();
        List<Double> fresh = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ms.add(run.getAsDouble());
            fresh.add(fresh(b));
        }
        List<Double> freshSorted = fresh.stream().sorted().toList();
        System.out.printf("%s, the server's list: median %.0f ms, range %.0f–%.0f ms%n", kind,
                freshSorted.get(n / 2), freshSorted.get(0), freshSorted.get(n - 1));
        Object requests = b.js("return performance.getEntriesByType('resource').length + 1");
        Object fromNetwork = b.js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.transferSize > 0).length + 1");
        List<Double> sorted = ms.stream().sorted().toList();
        System.out.println(kind + " (the last run): " + b.js("""
                const n = performance.getEntriesByType('navigation')[0];
                const r = performance.getEntriesByType('resource').filter(e => !e.name.includes('/assets/'))
                  .map(e => `${e.name.replace(location.origin, '')} ${Math.round(e.startTime)}–${Math.round(e.responseEnd)}`);
                return `page ${Math.round(n.responseEnd)}, DOMContentLoaded ${Math.round(n.domContentLoadedEventEnd)}; ` + r.join('; ');"""));
        System.out.printf("%s: median %.0f ms, range %.0f–%.0f ms, runs %s; requests %s, over the network %s%n", kind,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1),
                ms.stream().map(x -> String.format("%.0f", x)).toList(), requests, fromNetwork);
    }

    /**
     * Milliseconds from the navigation's start to the server's list showing ({@code parley:list-fresh};
     * the first list may be the copy kept from the last visit). A client without the mark: the first list.
     */
    static double fresh(Browser b) {
        return ((Number) b.wait.until(d -> b.js("const copies = document.querySelector('link[href$=\"/localCopy.js\"]');"
                + " const m = performance.getEntriesByName(copies ? 'parley:list-fresh' : 'parley:list-ready')[0];"
                + " return m ? m.startTime : null"))).doubleValue();
    }

    /** One visit; milliseconds from the navigation's start to the list showing conversations. */
    static double load(Browser b, String url, boolean cold) {
        b.driver.get("about:blank");
        if (cold) { // a first visit: nothing kept but the session's token (no worker, no list copy)
            b.driver.executeCdpCommand("Network.enable", Map.of());
            b.driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
            String origin = url.replaceAll("^(https?://[^/]+).*$", "$1");
            b.driver.executeCdpCommand("Storage.clearDataForOrigin",
                    Map.of("origin", origin, "storageTypes", "cache_storage,service_workers,indexeddb"));
        }
        b.driver.get(url);
        return ((Number) b.wait.until(d -> b.js(
                "const m = performance.getEntriesByName('parley:list-ready')[0]; return m ? m.startTime : null"))).doubleValue();
    }
}
