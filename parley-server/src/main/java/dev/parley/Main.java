package dev.parley;

import dev.parley.account.JdbcAccountStore;
import dev.parley.bench.BenchCommand;
import dev.parley.config.ConfigException;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code parley} command line: serve, bench, admin. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "Self-hostable direct-messaging server.",
        subcommands = {Main.Serve.class, BenchCommand.class, Main.Admin.class, dev.parley.app.ImportCommand.class})
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // On two cores the common pool has one thread, and CompletableFuture's *Async steps (the JDK
        // WebSocket client's among them) then start a new thread per step. Four threads instead.
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
        }
        int code = run(args, new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true));
        if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
            System.exit(code);
        }
    }

    /**
     * Runs a command line; a bad setting prints one line naming it and answers exit code 2, a port
     * another program holds one line naming the port (exit code 1): an operator's slip, not a stack trace.
     */
    static int run(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof ConfigException) {
                        cmd.getErr().println("parley: " + e.getMessage());
                        return 2;
                    }
                    if (portTaken(e)) {
                        cmd.getErr().println("parley: " + e.getMessage() + (e.getMessage().contains("metrics")
                                ? "" : " Or set PARLEY_PORT (the setting port) to a free one."));
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    /** A port to listen on was in use: the node's own (Javalin says so) or the metrics port (MetricsServer). */
    private static boolean portTaken(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.BindException) {
                return e.getMessage() != null;
            }
        }
        return false;
    }

    /** No command: the usage, and exit 2, so that a unit file that lost its {@code serve} fails loudly. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    static Settings settings(Path config) {
        Settings s = Settings.load(config, System.getenv(), Map.of());
        dev.parley.lifecycle.LogEncoder.use(s.get(Keys.LOG_FORMAT)); // the settings file may choose it too
        return s;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run a node (SQLite in ./parley-data unless PARLEY_DATABASE_URL says otherwise).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", description = "a settings file (key=value lines); the environment overrides it")
        Path config;

        @Override
        public Integer call() throws InterruptedException {
            long started = System.nanoTime();
            Settings s = settings(config);
            Settings.unknownInEnvironment(System.getenv())
                    .forEach(n -> LOG.warn("{} is no setting; it is ignored (the settings are listed in the README)", n));
            if ("test".equals(s.get(Keys.PASSWORD_HASHING))) {
                LOG.warn("**************************************************************************");
                LOG.warn("* PASSWORD HASHING IS SET TO 'test': passwords are hashed cheaply and    *");
                LOG.warn("* are easy to crack. Never use this setting for real accounts.           *");
                LOG.warn("**************************************************************************");
            }
            if (!s.get(Keys.RATE_LIMITS)) {
                LOG.warn("rate limits are OFF (rate_limits=off): only for load tests and benchmarks");
            }
            dev.parley.lifecycle.MemoryBounds.report();
            Node node = Node.start(s);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("shutting down: closing sockets and finishing requests");
                node.close();
                stopped.countDown();
            }, "parley-shutdown"));
            LOG.info("Parley serving on http://{}:{} ({}, profile {}) in {} ms", s.get(Keys.HOST), node.port(),
                    s.usesPostgres() ? "PostgreSQL" : "SQLite in " + s.get(Keys.DATA_DIR).toAbsolutePath().normalize(),
                    s.rules().name(), (System.nanoTime() - started) / 1_000_000);
            stopped.await();
            return 0;
        }
    }

    @Command(name = "admin", mixinStandardHelpOptions = true, description = "Administer accounts.",
            subcommands = {Grant.class, Suspend.class, Unsuspend.class, dev.parley.app.AppCommand.class,
                    dev.parley.moderation.ModeratorCommand.class, dev.parley.filters.FilterCommand.class})
    static final class Admin implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
    }

    /** Opens the configured store for an admin command. */
    abstract static class AdminCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", description = "the same settings file the server uses")
        Path config;

        @Parameters(index = "0", description = "the account's handle")
        String handle;

        @Option(names = "--app", description = "the id of the app whose network the handle is in "
                + "(default: the node's own network of password accounts)")
        String app;

        /** The settings file's, read when the command runs. */
        Settings settings;
        /** The store the command opened. */
        Database db;

        @Override
        public Integer call() {
            Settings s = settings(config);
            this.settings = s;
            try (Database db = dev.parley.store.StoreModule.openExisting(s, spec.commandLine().getErr())) {
                this.db = db;
                JdbcAccountStore store = new JdbcAccountStore(db, Clock.systemUTC());
                String network = dev.parley.account.Account.OWN_NETWORK;
                if (app != null) {
                    // An unknown app said "no account @carol": name what is missing (and take the app's name too).
                    var apps = new dev.parley.app.AppStore(db);
                    var found = apps.byId(app).or(() -> apps.byName(app));
                    if (found.isEmpty()) {
                        spec.commandLine().getErr().println("parley: no app '" + app + "' (parley admin app create NAME)");
                        return 1;
                    }
                    network = found.get().id();
                }
                var account = store.byHandle(network, handle.toLowerCase(java.util.Locale.ROOT).replaceFirst("^@", ""));
                if (account.isEmpty()) {
                    spec.commandLine().getErr().println("parley: no account @" + handle);
                    return 1;
                }
                if (store.erased(account.get().id())) {
                    spec.commandLine().getErr().println("parley: @" + handle + " was erased");
                    return 1;
                }
                apply(store, account.get().id());
                spec.commandLine().getOut().println(done() + " @" + account.get().handle() + doneDetail());
                return 0;
            }
        }

        abstract void apply(JdbcAccountStore store, String id);

        abstract String done();

        /** What follows the handle in the line that says it was done (a suspension's end). */
        String doneDetail() {
            return "";
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Make an account an administrator.")
    static final class Grant extends AdminCommand {
        @Override
        void apply(JdbcAccountStore store, String id) {
            store.setAdmin(id, true);
        }

        @Override
        String done() {
            return "granted admin to";
        }
    }

    /** {@code --until}: what an operator types for "until then", read as an instant; anything else one sentence. */
    static final class Until implements CommandLine.ITypeConverter<java.time.Instant> {
        @Override
        public java.time.Instant convert(String value) {
            String v = value.strip();
            try {
                java.time.Instant at;
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(\\d{1,6})([mhd])").matcher(v);
                if (length.matches()) {
                    long n = Long.parseLong(length.group(1));
                    at = java.time.Instant.now().plus(switch (length.group(2)) {
                        case "m" -> java.time.Duration.ofMinutes(n);
                        case "h" -> java.time.Duration.ofHours(n);
                        default -> java.time.Duration.ofDays(n);
                    });
                } else if (v.length() == 10) {
                    at = java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                } else {
                    at = java.time.OffsetDateTime.parse(v).toInstant();
                }
                if (!at.isAfter(java.time.Instant.now())) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is in the past: the suspension would "
                            + "already be over (leave --until out to suspend for ever)");
                }
                return at;
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a time: write 2026-12-31T18:00:00Z "
                        + "(or +01:00 for a zone), 2026-12-31 (its start in UTC), or a length from now such as 90m, 12h or 7d");
            }
        }
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = "Suspend an account: it can no longer sign in, and its sessions end.")
    static final class Suspend extends AdminCommand {
        @Option(names = "--until", converter = Until.class, paramLabel = "WHEN",
                description = "when the suspension ends: a time (2026-12-31T18:00:00Z), a day (2026-12-31, its start "
                        + "in UTC) or a length from now (90m, 12h, 7d); default: never")
        java.time.Instant until;

        @Override
        void apply(JdbcAccountStore store, String id) {
            store.setSuspension(id, true, java.util.Optional.ofNullable(until));
            store.deleteSessionsOf(id);
            // The running nodes still hold the account's sockets and cached tokens. In a cluster this
            // command reaches them through Redis and they close at once; without Redis each node reads
            // the store's count of access changes within app.recheck (1 s), drops its cached tokens and
            // checks its sockets, as for an app the command revoked.
            new dev.parley.app.AppStore(db).accessEnded();
            if (!settings.get(Keys.REDIS_URL).isEmpty()) {
                try (dev.parley.cluster.Redis redis = dev.parley.cluster.Redis.connect(settings.get(Keys.REDIS_URL))) {
                    dev.parley.delivery.RedisBroadcast.publishNow(redis,
                            new dev.parley.delivery.Broadcast.AccessRevoked("admin-cli", null, id, null));
                } catch (RuntimeException e) {
                    spec.commandLine().getErr().println("parley: Redis unreachable; the nodes close the sockets "
                            + "within app.recheck (" + settings.get(Keys.APP_RECHECK).toMillis() + " ms; " + e.getMessage() + ")");
                }
            }
        }

        @Override
        String done() {
            return "suspended";
        }

        @Override
        String doneDetail() {
            return until == null ? " until lifted (admin unsuspend)" : " until " + until;
        }
    }

    @Command(name = "unsuspend", mixinStandardHelpOptions = true,
            description = "Lift an account's suspension (for ever or until a time): it may sign in again.")
    static final class Unsuspend extends AdminCommand {
        @Override
        void apply(JdbcAccountStore store, String id) {
            store.setSuspension(id, false, java.util.Optional.empty());
        }

        @Override
        String done() {
            return "lifted the suspension of";
        }
    }
}
