package dev.parley.web;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web client's modules as a graph, read from their import statements: no Node toolchain,
 * just the three shapes this client uses ({@code import … from './x.js'}, over several lines too;
 * {@code import './x.js'}; {@code export … from './x.js'}) and {@code import('./x.js')}.
 *
 * @implNote Only relative specifiers are followed: they resolve under the page's
 *     {@code /assets/<build id>/} prefix by themselves, which an absolute {@code /js/…} would not.
 *     A commented-out import may be counted; an extra preload costs one request, a missing one a
 *     round trip on every cold load.
 */
final class ModuleGraph {
    // [^'"`;]*? may cross lines (a braced list of names) but never a string or a statement's end.
    private static final Pattern STATIC = Pattern.compile(
            "(?:^|[\\s;}])(?:import|export)\\b\\s*(?:[^'\"`;]*?\\sfrom\\s*)?['\"](\\.{1,2}/[^'\"]+)['\"]", Pattern.MULTILINE);
    private static final Pattern DYNAMIC = Pattern.compile("\\bimport\\(\\s*['\"](\\.{1,2}/[^'\"]+)['\"]\\s*\\)");

    private ModuleGraph() {}

    /** The relative specifiers one module imports, statically or by {@code import()}, in the order they appear. */
    static List<String> specifiers(String source) {
        return specifiers(source, true);
    }

    private static List<String> specifiers(String source, boolean dynamic) {
        List<String> out = new ArrayList<>();
        for (Pattern p : dynamic ? List.of(STATIC, DYNAMIC) : List.of(STATIC)) {
            Matcher m = p.matcher(source);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /**
     * Every module reachable from {@code entry} (a path under the client's folder), entry first,
     * breadth first so the modules the page needs soonest come first.
     *
     * @param source a module's text by path, or null if there is no such file
     * @throws IllegalStateException if a module imports a file that is not there (a broken build
     *     should stop the node at start, not show a blank page)
     */
    static List<String> reachable(String entry, Function<String, String> source) {
        return reachable(entry, source, true);
    }

    /**
     * As {@link #reachable(String, Function)}, following only static imports: what the browser
     * must fetch and evaluate before the entry runs (a module behind {@code import()} is loaded when
     * a view first needs it, issue 21 point 9).
     */
    static List<String> staticallyReachable(String entry, Function<String, String> source) {
        return reachable(entry, source, false);
    }

    private static List<String> reachable(String entry, Function<String, String> source, boolean dynamic) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(entry));
        seen.add(entry);
        while (!queue.isEmpty()) {
            String module = queue.removeFirst();
            String text = source.apply(module);
            if (text == null) {
                throw new IllegalStateException("the web client imports a module it lacks: " + module);
            }
            for (String spec : specifiers(text, dynamic)) {
                String target = resolve(module, spec);
                if (seen.add(target)) {
                    queue.addLast(target);
                }
            }
        }
        return List.copyOf(seen);
    }

    /** A specifier relative to a module, as a path under the client's folder. */
    static String resolve(String module, String specifier) {
        return URI.create("/" + module).resolve(specifier).normalize().getPath().substring(1);
    }
}
