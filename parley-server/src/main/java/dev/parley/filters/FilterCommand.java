package dev.parley.filters;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley admin filter add|list|remove|import}: the node's filters from the command line,
 * on the configured store; running nodes pick the change up within {@code filters.recheck}.
 * {@code import FILE} reads one filter a line, {@code KIND ACTION PATTERN} (the pattern is the
 * rest of the line; blank lines and lines starting with # are skipped), all in one transaction.
 */
@Command(name = "filter", mixinStandardHelpOptions = true, description = "Manage the node's message filters.",
        subcommands = {FilterCommand.Add.class, FilterCommand.ListAll.class, FilterCommand.Remove.class,
                FilterCommand.Import.class})
public final class FilterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Opens the store the server uses and runs one change. */
    abstract static class OnStore implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", description = "the same settings file the server uses")
        Path config;

        <T> T withFilters(Function<NodeFilters, T> work) {
            Settings s = Settings.load(config, System.getenv(), Map.of());
            try (Database db = dev.parley.store.StoreModule.openExisting(s, spec.commandLine().getErr())) {
                NodeFilters filters = new NodeFilters(db, (id, note) -> { }, Runnable::run, Clock.systemUTC(),
                        s.get(Keys.FILTERS_RECHECK), s.get(Keys.FILTERS_REGEX_STEPS));
                return work.apply(filters);
            }
        }

        int fail(ApiException e) {
            spec.commandLine().getErr().println("parley: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a filter.")
    static final class Add extends OnStore {
        @Option(names = "--kind", required = true, description = "word, regex, domain or email")
        String kind;

        @Option(names = "--action", required = true, description = "flag, block or shadow")
        String action;

        @Parameters(index = "0", description = "the word or phrase, regular expression, domain or e-mail pattern")
        String pattern;

        @Override
        public Integer call() {
            try {
                FilterEntry e = withFilters(f -> f.add("cli", new NodeFilters.Draft(kind, pattern, action)));
                spec.commandLine().getOut().println("added filter " + e.id());
                return 0;
            } catch (ApiException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the filters: id, kind, action, pattern.")
    static final class ListAll extends OnStore {
        @Override
        public Integer call() {
            withFilters(f -> {
                String after = null;
                for (List<FilterEntry> page = f.list(after, 1_000); !page.isEmpty(); page = f.list(after, 1_000)) {
                    page.forEach(e -> spec.commandLine().getOut()
                            .println(e.id() + "\t" + e.kind() + "\t" + e.action() + "\t" + e.pattern()));
                    after = page.get(page.size() - 1).id();
                }
                return null;
            });
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a filter by id.")
    static final class Remove extends OnStore {
        @Parameters(index = "0", description = "the filter's id")
        String id;

        @Override
        public Integer call() {
            try {
                withFilters(f -> {
                    f.remove(id);
                    return null;
                });
                spec.commandLine().getOut().println("removed filter " + id);
                return 0;
            } catch (ApiException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Add the filters of a file, one a line: KIND ACTION PATTERN.")
    static final class Import extends OnStore {
        @Parameters(index = "0", description = "the file")
        Path file;

        @Override
        public Integer call() {
            List<String> text;
            try {
                text = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException e) {
                spec.commandLine().getErr().println("parley: no file " + file);
                return 1;
            } catch (IOException e) {
                spec.commandLine().getErr().println("parley: cannot read " + file + ": " + e.getMessage());
                return 1;
            }
            List<NodeFilters.Draft> drafts = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            int line = 0;
            for (String raw : text) {
                line++;
                String t = raw.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] parts = t.split("\\s+", 3);
                if (parts.length < 3) {
                    spec.commandLine().getErr().println("parley: line " + line + " is not KIND ACTION PATTERN");
                    return 1;
                }
                drafts.add(new NodeFilters.Draft(parts[0], parts[2], parts[1]));
                lines.add(line);
            }
            try {
                // All or nothing, as before; but the line that stops it is named.
                int added = withFilters(f -> {
                    for (int i = 0; i < drafts.size(); i++) {
                        try {
                            f.check(drafts.get(i));
                        } catch (ApiException e) {
                            throw new ApiException(e.status(), e.code(), e.title(), "line " + lines.get(i) + ": "
                                    + e.detail() + " Nothing was imported.");
                        }
                    }
                    return f.addAll("cli", drafts);
                });
                spec.commandLine().getOut().println("imported " + added + " filters (" + (drafts.size() - added)
                        + " were there already)");
                return 0;
            } catch (ApiException e) {
                return fail(e);
            }
        }
    }
}
