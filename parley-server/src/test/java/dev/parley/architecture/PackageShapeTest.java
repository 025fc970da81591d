package dev.parley.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shape a newcomer relies on: feature packages that depend on each other one way only (so
 * each can be read from its dependencies up), source files small enough to read, and a
 * composition root that stays a table of contents. Reads the sources, so it runs once.
 */
@Tag("sqlite-only")
class PackageShapeTest {
    private static final Path MAIN = Path.of("src/main/java");
    // A use of another Parley package: an import or a qualified name (dev.parley.x.Type).
    private static final Pattern USE = Pattern.compile("\\b(dev\\.parley(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    // Comments and string literals name classes without using them ("dev.parley.Main" in a command line).
    private static final Pattern NOT_CODE = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'",
            Pattern.DOTALL);

    @Test
    void packagesDependOnEachOtherOneWayOnly() throws IOException {
        Map<String, Set<String>> uses = packageGraph();
        assertThat(uses).containsKey("dev.parley.message"); // the sources were found and read

        assertThat(cycle(uses)).as("a package import cycle").isEmpty();
    }

    @Test
    void theCycleCheckFindsACycle() {
        Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));

        assertThat(cycle(uses)).hasValueSatisfying(c -> assertThat(c).containsSubsequence("a", "b", "c"));
    }

    @Test
    void sourceFilesStayReadable() throws IOException {
        Map<String, Long> tooLong = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(f).size();
                if (lines > 400) {
                    tooLong.put(MAIN.relativize(f).toString(), lines);
                }
            }
        }
        assertThat(tooLong).as("files over 400 lines").isEmpty();
        assertThat(Files.readAllLines(MAIN.resolve("dev/parley/Node.java"))).as("Node.java, in lines").hasSizeLessThan(150);
    }

    private static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = USE.matcher(NOT_CODE.matcher(Files.readString(f)).replaceAll(" "));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    /** One cycle in the graph, as the packages along it, if there is one. */
    private static Optional<List<String>> cycle(Map<String, Set<String>> uses) {
        Set<String> done = new HashSet<>();
        for (String start : new TreeSet<>(uses.keySet())) {
            Optional<List<String>> found = cycleFrom(start, uses, done, new ArrayDeque<>(), new HashMap<>());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> cycleFrom(String at, Map<String, Set<String>> uses, Set<String> done,
                                                    Deque<String> path, Map<String, Boolean> onPath) {
        if (done.contains(at)) {
            return Optional.empty();
        }
        if (onPath.getOrDefault(at, false)) {
            List<String> loop = new ArrayList<>();
            boolean in = false;
            for (String p : path) {
                in |= p.equals(at);
                if (in) {
                    loop.add(p);
                }
            }
            loop.add(at);
            return Optional.of(loop);
        }
        onPath.put(at, true);
        path.addLast(at);
        for (String next : new TreeSet<>(uses.getOrDefault(at, Set.of()))) {
            Optional<List<String>> found = cycleFrom(next, uses, done, path, onPath);
            if (found.isPresent()) {
                return found;
            }
        }
        path.removeLast();
        onPath.put(at, false);
        done.add(at);
        return Optional.empty();
    }
}
