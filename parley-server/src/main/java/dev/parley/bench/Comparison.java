package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code --compare JAR}, {@code --compare-push}, {@code --compare-uploads}, {@code --compare-auth MODE}
 * (issue 22's "How", and the ratios issues 16, 17 and 18 ask for): the same run on two sides taking turns, round after round,
 * each run on a node spawned fresh (its own new SQLite data, or the PostgreSQL of the environment),
 * so neither side inherits the other's warm caches or a grown store; then each figure's median and
 * range per side. Taking turns spreads a shared machine's slow minutes over both sides, and the order
 * turns round each round ({@link #order}): the same jar against itself (5 rounds, 4 Dec) ran its second
 * run of a round at 0.88–0.96 of the first in four rounds of five, which made every second side look
 * about a tenth slower than it was.
 */
final class Comparison {
    /** One side: its label, the node's code, and the bench's features and accounts' credentials it runs with. */
    record Side(String label, String classpath, boolean push, int uploads, String auth) {}

    private Comparison() {}

    static List<Side> sides(BenchCommand cmd) {
        String own = System.getProperty("java.class.path");
        int modes = (cmd.compareJar != null ? 1 : 0) + (cmd.comparePush ? 1 : 0) + (cmd.compareUploads ? 1 : 0)
                + (cmd.compareAuth != null ? 1 : 0);
        if (modes > 1) {
            throw new IllegalArgumentException(
                    "use one of --compare, --compare-push, --compare-uploads, --compare-auth at a time");
        }
        if (cmd.compareAuth != null) {
            if (!List.of("app-token", "jwt").contains(cmd.compareAuth)) {
                throw new IllegalArgumentException("--compare-auth takes app-token or jwt (password is the other side)");
            }
            return List.of(new Side("password", own, cmd.push, cmd.uploads, "password"),
                    new Side(cmd.compareAuth, own, cmd.push, cmd.uploads, cmd.compareAuth));
        }
        if (cmd.compareJar != null) {
            Path jar = Path.of(cmd.compareJar).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("--compare: no jar at " + jar);
            }
            return List.of(new Side("this jar", own, cmd.push, cmd.uploads, cmd.auth),
                    new Side(jar.getFileName().toString(), jar.toString(), cmd.push, cmd.uploads, cmd.auth));
        }
        if (cmd.comparePush) {
            return List.of(new Side("push off", own, false, cmd.uploads, cmd.auth),
                    new Side("push on", own, true, cmd.uploads, cmd.auth));
        }
        if (cmd.uploads <= 0) {
            throw new IllegalArgumentException("--compare-uploads needs --uploads N");
        }
        return List.of(new Side("no uploads", own, cmd.push, 0, cmd.auth),
                new Side(cmd.uploads + " uploaders", own, cmd.push, cmd.uploads, cmd.auth));
    }

    static int run(BenchCommand cmd, List<Side> sides, int rounds) throws Exception {
        PrintStream log = System.err;
        // Both sides' nodes get the same settings, so only what the side changes differs.
        boolean pushSettings = sides.stream().anyMatch(Side::push);
        List<List<JsonNode>> runs = new ArrayList<>();
        sides.forEach(s -> runs.add(new ArrayList<>()));
        Path root = cmd.spawnData.resolve("compare");
        long errors = 0;
        for (int round = 1; round <= rounds; round++) {
            for (int i : order(round, sides.size())) {
                Side side = sides.get(i);
                Path data = root.resolve("side" + i + "-round" + round);
                delete(data);
                log.printf("%n== round %d of %d: %s ==%n", round, rounds, side.label());
                try (BenchCommand.Started node = cmd.spawnNode(data, side.classpath(), pushSettings, side.auth())) {
                    Population pop = Population.prepare(node.http(), node.credentials(), cmd.conversations,
                            cmd.groupSize, data.resolve("bench-state.json"), cmd.parallelSignups, log);
                    ObjectNode o = cmd.measureLoad(node.http(), pop, node.credentials(), side.push(), side.uploads())
                            .json();
                    o.put("side", side.label()).put("round", round);
                    runs.get(i).add(o);
                    errors += o.get("errors").asLong();
                    log.printf(Locale.ROOT, "%s: %,.0f msg/s, p99 %.1f ms, %.1f µs a message%n", side.label(),
                            o.get("messages_per_second").asDouble(), o.at("/latency_ms/p99").asDouble(),
                            o.at("/server/cpu_us_per_message").asDouble());
                }
                delete(data); // fresh data each run; a failed run keeps its node.log
            }
        }
        ObjectNode out = Http.JSON.createObjectNode();
        ArrayNode arr = out.putArray("sides");
        for (int i = 0; i < sides.size(); i++) {
            ObjectNode s = arr.addObject().put("label", sides.get(i).label());
            ObjectNode medians = s.putObject("medians");
            for (Summary.Figure f : Summary.FIGURES) {
                double med = Summary.median(Summary.values(runs.get(i), f.pointer()));
                if (!Double.isNaN(med)) {
                    medians.put(f.pointer().substring(1).replace('/', '.'), med);
                }
            }
            runs.get(i).forEach(s.putArray("runs")::add);
        }
        cmd.print(Summary.table(sides.stream().map(Side::label).toList(), runs), out);
        return errors == 0 ? 0 : 1;
    }

    /** The sides' turns in a round: in order in odd rounds, reversed in even ones (A B, B A, A B, …). */
    static List<Integer> order(int round, int sides) {
        List<Integer> turns = new ArrayList<>();
        for (int i = 0; i < sides; i++) {
            turns.add(round % 2 == 1 ? i : sides - 1 - i);
        }
        return turns;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
