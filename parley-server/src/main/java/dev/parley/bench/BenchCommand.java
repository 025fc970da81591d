package dev.parley.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley bench}: a load generator that talks to any Parley URL over real WebSockets and
 * HTTP, like a client. See docs/PERFORMANCE.md for the runs behind the published figures.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test a Parley node over WebSocket and HTTP.",
                "The node should run with rate_limits=off (PARLEY_RATE_LIMITS=off)."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "the node (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--spawn", description = "start a node from this jar (SQLite in --spawn-data, rate limits off) "
            + "and bench it; --url is then ignored")
    boolean spawn;

    @Option(names = "--spawn-data", defaultValue = "parley-bench-data",
            description = "data_dir of the spawned node (${DEFAULT-VALUE}); kept, so its accounts are reused")
    Path spawnData;

    @Option(names = "--metrics-url", description = "the node's /metrics (served on metrics.host:metrics.port, "
            + "not the public port), for its CPU and memory; default: http://127.0.0.1:9464/metrics when --url is on "
            + "this machine, else none")
    String metricsUrl;

    @Option(names = "--receive-url", description = "recipients connect here (another node of a cluster); default: --url")
    String receiveUrl;

    @Option(names = "--conversations", defaultValue = "50", description = "conversations, each with its own accounts (${DEFAULT-VALUE})")
    int conversations;

    @Option(names = "--group-size", defaultValue = "2", description = "members per conversation; 2 is one-to-one (${DEFAULT-VALUE})")
    int groupSize;

    @Option(names = "--size", defaultValue = "100", description = "message text, bytes (${DEFAULT-VALUE})")
    int size;

    @Option(names = "--duration", defaultValue = "10", description = "measured seconds (${DEFAULT-VALUE}); "
            + "--erase: the most the run beside the erasure lasts, which ends when the erasure is done")
    int duration;

    @Option(names = "--warmup", defaultValue = "3", description = "seconds of load before measuring (${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--rate", defaultValue = "0", description = "open loop: messages offered per second; 0: closed loop (${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--window", defaultValue = "8", description = "closed loop: sends in flight per sender (${DEFAULT-VALUE})")
    int window;

    @Option(names = "--clients", defaultValue = "4", description = "WebSocket client threads (${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--auth", defaultValue = "password",
            description = "the accounts' credentials: password (signed up), app-token (an app's users with tokens the "
                    + "node mints) or jwt (an app's users with HS256 JWTs the bench signs) (${DEFAULT-VALUE})")
    String auth;

    @Option(names = "--app-secret", description = "app-token and jwt: the app's secret, to provision its users "
            + "(with --spawn the bench makes an app named bench itself)")
    String appSecret;

    @Option(names = "--jwt-issuer", defaultValue = "parley-bench", description = "jwt: the node's auth.jwt_issuer (${DEFAULT-VALUE})")
    String jwtIssuer;

    @Option(names = "--jwt-audience", defaultValue = "", description = "jwt: the node's auth.jwt_audience, if any")
    String jwtAudience;

    @Option(names = "--jwt-hs256-secret", description = "jwt: the node's auth.jwt_hs256_secret "
            + "(with --spawn the bench makes one and keeps it in --spawn-data)")
    String jwtSecret;

    @Option(names = "--parallel-signups", defaultValue = "8", description = "accounts made at once (${DEFAULT-VALUE})")
    int parallelSignups;

    @Option(names = "--state", defaultValue = "parley-bench-state.json",
            description = "where accounts are kept for reuse by the next run (${DEFAULT-VALUE})")
    Path state;

    @Option(names = "--json", description = "print JSON instead of the table")
    boolean json;

    @Option(names = "--html", defaultValue = "parley-bench.html", description = "HTML report; empty: none (${DEFAULT-VALUE})")
    String html;

    @Option(names = "--baseline", description = "also measure the store's raw insert rate and compare")
    boolean baseline;

    @Option(names = "--baseline-db", defaultValue = "",
            description = "the store to measure: a jdbc:postgresql: URL; empty: a scratch SQLite file in --baseline-dir")
    String baselineDb;

    @Option(names = "--baseline-dir", defaultValue = ".", description = "where the scratch SQLite file goes (${DEFAULT-VALUE})")
    Path baselineDir;

    @Option(names = "--idle", defaultValue = "0", description = "open this many idle authenticated sockets and report memory per socket")
    int idle;

    @Option(names = "--idle-processes", defaultValue = "0",
            description = "bench processes holding the idle sockets; 0: one per 9,000 sockets")
    int idleProcesses;

    @Option(names = "--idle-hold", defaultValue = "5",
            description = "seconds the idle sockets stay open before memory is read (${DEFAULT-VALUE}); "
                    + "time to look at the node, e.g. jcmd PID GC.run")
    int idleHold;

    @Option(names = "--catchup", defaultValue = "0", description = "time syncing this many missed messages")
    int catchup;

    @Option(names = "--push", description = "issue 17: every recipient registers one Web Push device at a receiver the "
            + "bench runs on 127.0.0.1 and reports its tab hidden; pushes/s and their delay from send beside msg/s "
            + "(the node needs outbound.allow_private_addresses=on and notify.delay=0; a spawned node gets them)")
    boolean push;

    @Option(names = "--uploads", defaultValue = "0", description = "issue 18: this many uploaders post 1 MB files "
            + "(three PNG photos to one text file) in a loop beside the message load: MB/s and upload latency "
            + "(the node's media.daily_quota_bytes must allow it; a spawned node gets 1 TiB)")
    int uploads;

    @Option(names = "--upload-burst", defaultValue = "0", description = "issue 18: instead of the message load, this "
            + "many 1 MB uploads at once: MB/s, latency, the node's heap peak, and thumbnail time")
    int uploadBurst;

    @Option(names = "--erase", defaultValue = "0", description = "issue 19: seed a fresh account with this many "
            + "messages, measure the load, then measure it again while the account is erased; erasure time and msg/s ratio")
    int erase;

    @Option(names = "--admin-token", description = "--erase against --url: an administrator's token, to follow the "
            + "erasure job (with --spawn the bench makes an administrator itself)")
    String adminToken;

    @Option(names = "--compare", paramLabel = "JAR", description = "issue 22: alternate runs on nodes spawned from this "
            + "jar and from JAR, fresh data each, --rounds times; medians and ranges side by side")
    String compareJar;

    @Option(names = "--compare-push", description = "alternate runs without and with --push, fresh spawned nodes each")
    boolean comparePush;

    @Option(names = "--compare-auth", paramLabel = "MODE", description = "issue 16: alternate runs with password "
            + "accounts and with MODE (app-token or jwt), fresh spawned nodes each")
    String compareAuth;

    @Option(names = "--compare-uploads", description = "alternate runs without and with --uploads N, fresh spawned nodes each")
    boolean compareUploads;

    @Option(names = "--rounds", defaultValue = "3", description = "--compare…: rounds, each running every side once (${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--idle-child", hidden = true, defaultValue = "0")
    int idleChild;

    @Option(names = "--idle-tokens", hidden = true)
    Path idleTokens;

    @Override
    public Integer call() throws Exception {
        if (idleChild > 0) {
            return IdleRun.child(new Http(url), idleTokens, idleChild);
        }
        String slip = slip();
        if (slip != null) {
            System.err.println("parley bench: " + slip);
            return 2;
        }
        if (compareJar != null || comparePush || compareUploads || compareAuth != null) {
            return Comparison.run(this, Comparison.sides(this), rounds);
        }
        if (!spawn) {
            try {
                return bench(new Http(url, metricsUrl != null ? metricsUrl : localMetrics(url)),
                        BenchAuth.of(auth, appSecret, new BenchAuth.Jwt(jwtIssuer, jwtAudience, jwtSecret)));
            } catch (RuntimeException e) {
                if (!causedByRateLimit(e)) {
                    throw e;
                }
                // A node started as the README's first lines say: sign-ups and sends are throttled.
                System.err.println("parley bench: " + url + " answered 429 rate_limited: its rate limits are on. "
                        + "Start it with PARLEY_RATE_LIMITS=off, or add --spawn to let the bench start its own");
                return 1;
            }
        }
        try (Started node = spawnNode(spawnData, System.getProperty("java.class.path"), push)) {
            return bench(node.http(), node.credentials());
        }
    }

    /** An option out of its range, in a sentence (a run with such a value would measure nothing); null for none. */
    private String slip() {
        if (duration < 1 || warmup < 0) {
            return "--duration is at least 1 second and --warmup at least 0 (got " + duration + " and " + warmup + ")";
        }
        if (rate < 0 || window < 1 || clients < 1 || conversations < 1 || groupSize < 2 || size < 1) {
            return "--rate is at least 0, --window, --clients, --conversations and --size at least 1, --group-size at least 2";
        }
        return null;
    }

    /** A spawned node and the credentials its accounts take. */
    record Started(Spawned node, Http http, BenchAuth credentials) implements AutoCloseable {
        @Override
        public void close() {
            node.close();
        }
    }

    /**
     * Starts a node on {@code data} from {@code classpath}, with what this run's modes need of its
     * settings: loopback push endpoints and no notification delay for {@code --push}, a daily upload
     * quota that a loop of uploads does not exhaust.
     */
    Started spawnNode(Path data, String classpath, boolean withPush) throws Exception {
        return spawnNode(data, classpath, withPush, auth);
    }

    /** The same with the accounts' credentials of {@code authMode} (a side of {@code --compare-auth}). */
    Started spawnNode(Path data, String classpath, boolean withPush, String authMode) throws Exception {
        Files.createDirectories(data);
        SpawnedApp app = "password".equals(authMode) ? null : SpawnedApp.prepare(data);
        BenchAuth credentials = BenchAuth.of(authMode, app == null ? null : app.secret(),
                new BenchAuth.Jwt(jwtIssuer, jwtAudience, app == null ? null : app.jwtSecret()));
        java.util.Map<String, String> env = new java.util.HashMap<>(
                app == null ? java.util.Map.of() : app.nodeSettings(jwtIssuer, jwtAudience));
        if (withPush) {
            env.put("PARLEY_OUTBOUND_ALLOW_PRIVATE_ADDRESSES", "on");
            env.put("PARLEY_NOTIFY_DELAY", "0");
        }
        if (uploads > 0 || uploadBurst > 0) {
            env.put("PARLEY_MEDIA_DAILY_QUOTA_BYTES", String.valueOf(1L << 40));
        }
        System.err.println("starting a node with its data in " + data.toAbsolutePath() + "…");
        Spawned node = Spawned.start(data, data.resolve("node.log"), env, classpath);
        return new Started(node, new Http(node.url, node.metricsUrl), credentials);
    }

    private static boolean causedByRateLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Http.RateLimited) {
                return true;
            }
        }
        return false;
    }

    /** The default metrics listener when the node runs here; a remote node's is not reachable by default. */
    private static String localMetrics(String url) {
        String host = java.net.URI.create(url).getHost();
        boolean local = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
        return local ? "http://127.0.0.1:9464/metrics" : null;
    }

    private int bench(Http http, BenchAuth credentials) throws Exception {
        PrintStream log = System.err;
        int health;
        try {
            health = http.call("GET", "/healthz", null, null).status();
        } catch (IllegalStateException unreachable) {
            // Nothing listens there: the usual first try is "bench" without a node running.
            log.println("parley bench: no node answers at " + http.base + "; start one (java -jar target/parley.jar "
                    + "serve, with PARLEY_RATE_LIMITS=off) or add --spawn to let the bench start its own");
            return 1;
        }
        if (health != 200) {
            log.println("parley bench: " + http.base + " does not answer /healthz (HTTP " + health + ")");
            return 1;
        }
        // A spawned node keeps its accounts in its own data dir; its port changes from run to run.
        Path stateFile = spawn ? spawnData.resolve("bench-state.json") : state;
        Population pop = Population.prepare(http, credentials, conversations, groupSize, stateFile, parallelSignups, log);
        if (idle > 0) {
            return idle(http, pop, log);
        }
        if (catchup > 0) {
            CatchUpRun.Result r = CatchUpRun.run(http, pop, catchup, size, log);
            print(String.format(Locale.ROOT, "%ncatch-up: %,d missed messages synced in %.3f s (%d pages, %,d events)%n",
                    r.messages(), r.seconds(), r.pages(), r.events()),
                    Http.JSON.createObjectNode().put("missed", r.messages()).put("events", r.events())
                            .put("seconds", r.seconds()).put("pages", r.pages()));
            return r.events() == r.messages() ? 0 : 1;
        }
        if (uploadBurst > 0) {
            return Modes.uploadBurst(this, http, pop);
        }
        if (erase > 0) {
            return Modes.erase(this, http, pop);
        }
        Measured m = measureLoad(http, pop, credentials, push, uploads);
        print(Report.table(m.json()), m.json());
        if (!html.isEmpty()) {
            Files.writeString(Path.of(html), Report.html(m.json(), m.latency()));
            log.println("HTML report: " + Path.of(html).toAbsolutePath());
        }
        if (m.json().get("acknowledged").asLong() == 0) {
            log.println("parley bench: no message was acknowledged in the measured " + duration + " s: nothing was measured "
                    + "(see the node's log" + (spawn ? " in " + spawnData.resolve("node.log") : "") + ")");
            return 1;
        }
        return m.json().get("errors").asLong() == 0 ? 0 : 1;
    }

    /** One measured run's report, and its latency histogram for the HTML page. */
    record Measured(ObjectNode json, org.HdrHistogram.Histogram latency) {}

    /**
     * The message load of this command's options, with a push receiver ({@code withPush}) and
     * uploaders ({@code withUploads}) beside it, and whatever else {@code beside} runs.
     */
    Measured measureLoad(Http http, Population pop, BenchAuth credentials, boolean withPush, int withUploads,
                         LoadRun.Beside... beside) throws Exception {
        PrintStream log = System.err;
        LoadRun.Options options = new LoadRun.Options(rate, window, TimeUnit.SECONDS.toNanos(warmup),
                TimeUnit.SECONDS.toNanos(duration), size, clients, withPush);
        Http receiveHttp = receiveUrl == null || spawn ? http : new Http(receiveUrl);
        java.util.List<LoadRun.Beside> all = new java.util.ArrayList<>(java.util.List.of(beside));
        PushReceiver receiver = withPush ? new PushReceiver() : null;
        Uploaders uploaders = null;
        try {
            if (receiver != null) {
                receiver.register(http, pop, log);
                all.add(receiver);
            }
            if (withUploads > 0) {
                uploaders = new Uploaders(http, PushReceiver.recipients(pop).stream().map(Population.Account::token)
                        .toList(), withUploads).start();
                all.add(uploaders);
            }
            LoadRun.Result r = new LoadRun(http, receiveHttp, pop, options, log, all.toArray(LoadRun.Beside[]::new)).run();
            Double raw = null;
            if (baseline) {
                log.println("measuring the store's raw insert rate…");
                raw = Baseline.rowsPerSecond(baselineDb, baselineDir, 256, size, 5);
            }
            String mode = rate > 0 ? String.format(Locale.ROOT, "open loop at %.0f msg/s", rate)
                    : "closed loop, window " + window;
            mode += ", auth " + credentials.name() + (withPush ? ", push" : "")
                    + (withUploads > 0 ? ", " + withUploads + " uploaders" : "");
            ObjectNode o = Report.json(http.base, mode, pop, groupSize, size, r, r.serverBefore(), r.serverAfter(), raw);
            if (receiver != null) {
                Report.push(o, receiver.result(r.seconds(), 15_000));
            }
            if (uploaders != null) {
                uploaders.close();
                Report.uploads(o, withUploads, uploaders.result(r.seconds()));
            }
            return new Measured(o, r.latency());
        } finally {
            if (uploaders != null) {
                uploaders.close();
            }
            if (receiver != null) {
                receiver.unregister(http, pop);
                receiver.close();
            }
        }
    }

    private int idle(Http http, Population pop, PrintStream log) throws Exception {
        int processes = idleProcesses > 0 ? idleProcesses : Math.max(1, (idle + 8_999) / 9_000);
        log.printf("opening %,d idle sockets from %d process(es)…%n", idle, processes);
        IdleRun.Result r = IdleRun.run(http, pop.accounts().stream().map(Population.Account::token).toList(),
                idle, processes, idleHold, log);
        print(String.format(Locale.ROOT, "%nidle sockets: %,d open; server resident +%.0f MB (%.1f KB per socket), "
                        + "heap +%.0f MB (%.1f KB per socket)%n", r.opened(),
                        (r.after().residentBytes() - r.before().residentBytes()) / 1048576, r.bytesPerSocket() / 1024,
                        (r.after().heapBytes() - r.before().heapBytes()) / 1048576, r.heapPerSocket() / 1024),
                Http.JSON.createObjectNode().put("sockets", r.opened())
                        .put("resident_bytes_per_socket", r.bytesPerSocket())
                        .put("heap_bytes_per_socket", r.heapPerSocket())
                        .put("resident_mb_before", r.before().residentBytes() / 1048576)
                        .put("resident_mb_after", r.after().residentBytes() / 1048576));
        return r.opened() == idle ? 0 : 1;
    }

    void print(String table, ObjectNode o) throws Exception {
        System.out.println(json ? Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) : table);
    }
}
