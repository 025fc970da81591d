package dev.parley.web;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code index.html} for a build: its scripts and style sheet addressed under the build's
 * prefix, and a {@code <link rel="modulepreload">} for every module the entry needs, placed before
 * the entry's script so the browser fetches them all at once instead of one import level at a time.
 */
final class Page {
    private static final Pattern LOCAL = Pattern.compile("(src|href)=\"/([^\"]+\\.(?:js|css))\"");
    private static final Pattern ENTRY_SCRIPT = Pattern.compile("<script type=\"module\" src=\"[^\"]+\"></script>");

    private Page() {}

    /**
     * @param template the page as written, with root addresses ({@code /js/main.js})
     * @param prefix   {@code /assets/<build id>}
     * @param modules  the entry and every module it reaches, entry first
     * @param exists   whether a path is one of the client's files
     */
    static String render(String template, String prefix, List<String> modules, Predicate<String> exists) {
        Matcher m = LOCAL.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group(2);
            // The service worker keeps its root address: its scope is the folder it is served from.
            String to = exists.test(path) && !WebAssets.servedAtRoot(path) ? prefix + "/" + path : "/" + path;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "=\"" + to + "\""));
        }
        m.appendTail(out);
        String page = out.toString();
        Matcher entry = ENTRY_SCRIPT.matcher(page);
        if (!entry.find()) {
            throw new IllegalStateException("index.html has no <script type=\"module\" src=…>");
        }
        StringBuilder preload = new StringBuilder();
        for (String module : modules.subList(1, modules.size())) {
            preload.append("<link rel=\"modulepreload\" href=\"").append(prefix).append('/').append(module).append("\">\n  ");
        }
        return page.substring(0, entry.start()) + preload + page.substring(entry.start());
    }
}
