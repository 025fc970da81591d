package dev.parley.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting Parley reads. A config file uses the names on the left ({@code port=8080}); the
 * environment overrides it with {@code PARLEY_} and the name in capitals ({@code PARLEY_PORT}).
 */
public final class Keys {
    private Keys() {}

    // --- the node ---
    public static final Key<Integer> PORT = new Key<>("port", "8080",
            "TCP port for HTTP and WebSocket; 0 picks a free one", v -> intIn(v, 0, 65535));
    public static final Key<String> HOST = new Key<>("host", "0.0.0.0",
            "address to listen on", Keys::nonBlank);
    public static final Key<Path> DATA_DIR = new Key<>("data_dir", "./parley-data",
            "where the embedded SQLite database lives", v -> Path.of(nonBlank(v)));
    public static final Key<String> NODE_ID = new Key<>("node_id", "",
            "this node's name in a cluster; empty: a random one", String::trim);

    public static final Key<String> PUBLIC_URL = new Key<>("public_url", "",
            "the address users reach, e.g. https://chat.example.com (behind a proxy); used for Origin checks, "
                    + "the CSP and signed URLs; empty: the address each request names", Keys::publicUrl);
    public static final Key<List<String>> TRUSTED_PROXIES = new Key<>("trusted_proxies", "",
            "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed; "
                    + "empty: the peer's address is the client's", Keys::commaList);

    // --- metrics (a listener of their own, not the public port) ---
    public static final Key<String> METRICS_HOST = new Key<>("metrics.host", "127.0.0.1",
            "address the /metrics listener binds; keep it private (loopback, or an internal interface)", Keys::nonBlank);
    public static final Key<Integer> METRICS_PORT = new Key<>("metrics.port", "9464",
            "port of the /metrics listener; 0 picks a free one; off (or -1): no metrics listener", Keys::metricsPort);
    public static final Key<Boolean> METRICS_PER_BUSINESS = new Key<>("metrics.per_business", "off",
            "on adds parley_business_* series (each business's responsiveness, labelled by its id) to /metrics",
            Keys::bool);

    // --- web client ---
    public static final Key<String> WEB_FRAME_ANCESTORS = new Key<>("web.frame_ancestors", "'none'",
            "who may show the web client in a frame: the CSP frame-ancestors sources, e.g. 'self' https://intranet.example.com; "
                    + "'none' (the default) for nobody", Keys::frameAncestors);

    // --- storage ---
    public static final Key<String> DATABASE_URL = new Key<>("database_url", "",
            "empty: SQLite under data_dir; a jdbc:postgresql: URL switches to PostgreSQL",
            Keys::databaseUrl);
    public static final Key<Integer> DATABASE_POOL_SIZE = new Key<>("database_pool_size", "16",
            "connections to PostgreSQL (readers, for SQLite)", v -> intIn(v, 1, 500));
    public static final Key<Duration> EVENT_RETENTION = new Key<>("event_retention", "30d",
            "how long sync events are kept; older tokens get 410 sync_reset", Keys::positiveDuration);

    public static final Key<Integer> WRITE_BATCH_MAX = new Key<>("write_batch_max", "256",
            "group commit: the most sends one transaction writes", v -> intIn(v, 1, 10_000));
    public static final Key<Integer> WRITE_BATCH_WAIT_MICROS = new Key<>("write_batch_wait_micros", "1000",
            "group commit: how long (µs) the writer waits for more sends before committing", v -> intIn(v, 0, 1_000_000));
    public static final Key<Integer> SQLITE_WAL_LIMIT_MB = new Key<>("sqlite_wal_limit_mb", "64",
            "SQLite: the write-ahead log is started over (a short pause of the writer) once it holds a quarter of this, and truncated if its file grows past it", v -> intIn(v, 1, 100_000));

    // --- cluster ---
    public static final Key<String> REDIS_URL = new Key<>("redis_url", "",
            "empty: one node; redis://host:port connects nodes through Redis pub/sub", String::trim);

    // --- accounts ---
    public static final Key<String> PASSWORD_HASHING = new Key<>("password_hashing", "owasp",
            "owasp (Argon2id m=19456 KiB, t=2, p=1) or test (fast and unsafe: tests only)",
            v -> oneOf(v, "owasp", "test"));

    // --- rules of the network ---
    public static final Key<String> PROFILE = new Key<>("profile", "default",
            "rule profile: default, x, instagram or facebook", v -> oneOf(v, RuleProfile.NAMES.toArray(String[]::new)));
    public static final Key<Optional<Integer>> RULES_GROUP_MAX_MEMBERS = new Key<>("rules.group_max_members", "",
            "override the profile's group cap (creator included)", v -> optional(v, x -> intIn(x, 2, 10_000)));
    public static final Key<Optional<Boolean>> RULES_MESSAGE_REQUESTS = new Key<>("rules.message_requests", "",
            "override: first messages the recipient's settings refuse land in requests", v -> optional(v, Keys::bool));
    public static final Key<Optional<Integer>> RULES_REQUEST_MESSAGE_LIMIT = new Key<>("rules.request_message_limit", "",
            "override: messages a pending request may hold", v -> optional(v, x -> intIn(x, 1, 1000)));
    public static final Key<Optional<Boolean>> RULES_BUSINESS_LIKE_REQUIRED = new Key<>("rules.business_like_required", "",
            "override: a business page must be liked before a DM", v -> optional(v, Keys::bool));
    public static final Key<Optional<Duration>> RULES_EDIT_WINDOW = new Key<>("rules.edit_window", "",
            "override the edit window, e.g. 15m", v -> optional(v, Durations::parse));
    public static final Key<Optional<Optional<Duration>>> RULES_UNSEND_WINDOW = new Key<>("rules.unsend_window", "",
            "override the unsend window, e.g. 1h, or none for no limit", v -> optional(v, Durations::parseOptional));
    public static final Key<Optional<Duration>> RULES_BUSINESS_REPLY_WINDOW = new Key<>("rules.business_reply_window", "",
            "override how long a business may answer after a customer's last message", v -> optional(v, Durations::parse));
    public static final Key<Optional<Duration>> RULES_HUMAN_AGENT_REPLY_WINDOW = new Key<>("rules.human_agent_reply_window", "",
            "override the same window for replies written by a human agent", v -> optional(v, Durations::parse));

    // --- safety ---
    public static final Key<Boolean> RATE_LIMITS = new Key<>("rate_limits", "on",
            "on, or off to lift every limit (load tests and benchmarks)", Keys::bool);
    public static final Key<Integer> SENDS_PER_MINUTE = new Key<>("rate.sends_per_minute", "300",
            "messages one account may send a minute", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> NEW_CONVERSATIONS_PER_HOUR = new Key<>("rate.new_conversations_per_hour", "100",
            "conversations one account may open an hour", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> SIGNUPS_PER_HOUR = new Key<>("rate.signups_per_hour", "20",
            "accounts one client address may sign up an hour", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> LOOKUPS_PER_MINUTE = new Key<>("rate.lookups_per_minute", "60",
            "accounts one account may look up by handle a minute", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> TICKETS_PER_MINUTE = new Key<>("rate.tickets_per_minute", "30",
            "stream tickets one account may take a minute", v -> intIn(v, 1, 10_000_000));

    // --- business inbox ---
    public static final Key<Boolean> INBOX_TRIAGE = new Key<>("inbox.triage", "on",
            "label customers' messages question/complaint/praise with the bundled model (about 100 MB once loaded); off: no labels",
            Keys::bool);

    // --- business rules ---
    public static final Key<Integer> BUSINESS_OUTREACH_PER_DAY = new Key<>("business.outreach_per_day", "20",
            "new conversations a business may open in 24 hours", v -> intIn(v, 0, 1_000_000));
    public static final Key<Integer> BUSINESS_PROMOTIONS_PER_WEEK = new Key<>("business.promotions_per_week", "2",
            "promotional messages one customer may get from a business in 7 days", v -> intIn(v, 0, 1000));

    // --- automation ---
    public static final Key<Boolean> AUTOMATION_ALLOW_PRIVATE_WEBHOOKS = new Key<>("automation.allow_private_webhooks", "off",
            "on lets bots' webhooks target loopback and private addresses (tests, a bot on the same host)", Keys::bool);
    // --- outbound requests (webhooks, and whatever else the node fetches) ---
    public static final Key<Boolean> OUTBOUND_ALLOW_PRIVATE_ADDRESSES = new Key<>("outbound.allow_private_addresses", "off",
            "on lets the node reach loopback, private and link-local addresses (tests, a LAN deployment); "
                    + "automation.allow_private_webhooks=on does the same", Keys::bool);
    public static final Key<Duration> AUTOMATION_WEBHOOK_RETRY_BASE = new Key<>("automation.webhook_retry_base", "5s",
            "first retry delay of a failed webhook; each next one doubles (up to an hour)", Keys::positiveDuration);
    public static final Key<Duration> AUTOMATION_WEBHOOK_LEASE = new Key<>("automation.webhook_lease", "30s",
            "cluster: how long a node holds a bot's webhook delivery without renewing it; another node takes over "
                    + "this long after the holder dies (an attempt is cut off after a third of it, at most 10 s)",
            v -> atLeast(v, Duration.ofSeconds(1)));

    // --- the stream ---
    public static final Key<Integer> STREAM_MAX_SOCKETS_PER_ACCOUNT = new Key<>("stream.max_sockets_per_account", "10",
            "the most sockets one account holds open across the cluster; a new one over it closes the oldest (4429)",
            v -> intIn(v, 1, 1000));
    public static final Key<List<String>> STREAM_ALLOWED_ORIGINS = new Key<>("stream.allowed_origins", "",
            "comma-separated origins (https://app.example.com) whose pages may open the stream with a ticket, "
                    + "besides public_url's own", Keys::commaList);
    // --- apps (embedding Parley in a host app) ---
    public static final Key<Duration> APP_SECRET_GRACE = new Key<>("app.secret_grace", "24h",
            "after an app's secret is rotated, how long the old one keeps working", Keys::positiveDuration);
    public static final Key<String> AUTH_JWT_APP = new Key<>("auth.jwt_app", "",
            "the app (id or name) whose own JWTs sign its users in; empty: the only app (one named default is "
                    + "made when a JWT setting is set and there is none)", String::trim);
    public static final Key<String> AUTH_JWT_ISSUER = new Key<>("auth.jwt_issuer", "",
            "the iss every app JWT must carry; empty: app JWTs are off", String::trim);
    public static final Key<String> AUTH_JWT_AUDIENCE = new Key<>("auth.jwt_audience", "",
            "the aud every app JWT must carry; empty: not checked", String::trim);
    public static final Key<String> AUTH_JWT_JWKS_URL = new Key<>("auth.jwt_jwks_url", "",
            "where the app publishes its public keys (RS256, ES256); fetched, cached, refetched on an unknown kid",
            String::trim);
    public static final Key<String> AUTH_JWT_HS256_SECRET = new Key<>("auth.jwt_hs256_secret", "",
            "a shared secret (at least 32 bytes) for HS256 app JWTs, instead of a JWKS URL", Keys::hs256Secret);
    public static final Key<Boolean> AUTH_JWT_PROVISION = new Key<>("auth.jwt_provision", "off",
            "on: a valid JWT for an unknown sub makes the user from its name, given_name and picture claims",
            Keys::bool);
    // --- an app's events feed and webhook ---
    public static final Key<Duration> APP_EVENTS_RETENTION = new Key<>("app.events_retention", "7d",
            "how long an app's feed keeps its events; an older cursor gets 410 cursor_expired", Keys::positiveDuration);
    public static final Key<Duration> APP_WEBHOOK_RETRY_BASE = new Key<>("app.webhook_retry_base", "1s",
            "first retry delay of an app webhook transaction that was not answered 2xx; each next one doubles",
            Keys::positiveDuration);
    public static final Key<Duration> APP_WEBHOOK_RETRY_MAX = new Key<>("app.webhook_retry_max", "5m",
            "the longest delay between two attempts of an app webhook transaction", Keys::positiveDuration);
    public static final Key<Duration> APP_WEBHOOK_LEASE = new Key<>("app.webhook_lease", "30s",
            "cluster: how long a node holds an app's webhook delivery without renewing it (an attempt is cut off "
                    + "after a third of it, at most 10 s)", v -> atLeast(v, Duration.ofSeconds(1)));

    public static final Key<Duration> NOTIFY_DELAY = new Key<>("notify.delay", "10s",
            "how long after a message a person with no visible socket is notified of it, if still unread (0: at once)",
            v -> v.trim().equals("0") ? Duration.ZERO : Durations.parse(v));

    // --- Web Push (push package) ---
    public static final Key<String> PUSH_VAPID_SUBJECT = new Key<>("push.vapid_subject", "",
            "the contact push services see in each VAPID token (RFC 8292 sub): mailto:ops@example.com or an https URL; "
                    + "empty: public_url if https, else mailto:push@localhost", Keys::vapidSubject);
    public static final Key<Duration> PUSH_TTL = new Key<>("push.ttl", "24h",
            "how long a push service keeps a Web Push for an offline device (TTL); a push still queued after it is dropped",
            v -> atLeast(v, Duration.ofSeconds(1)));
    public static final Key<Integer> PUSH_WORKERS = new Key<>("push.workers", "4",
            "Web Push sends this node makes at once; 0: this node queues pushes but leaves sending to other nodes",
            v -> intIn(v, 0, 64));
    public static final Key<Duration> PUSH_RETRY_BASE = new Key<>("push.retry_base", "5s",
            "first retry delay after a push service failed (5xx, timeout); each next one doubles, up to an hour",
            Keys::positiveDuration);

    public static final List<Key<?>> ALL = List.of(PORT, HOST, DATA_DIR, NODE_ID, PUBLIC_URL, TRUSTED_PROXIES,
            DATABASE_URL,
            DATABASE_POOL_SIZE, EVENT_RETENTION, WRITE_BATCH_MAX, WRITE_BATCH_WAIT_MICROS, SQLITE_WAL_LIMIT_MB,
            REDIS_URL, PASSWORD_HASHING, PROFILE,
            RULES_GROUP_MAX_MEMBERS, RULES_MESSAGE_REQUESTS, RULES_REQUEST_MESSAGE_LIMIT,
            RULES_BUSINESS_LIKE_REQUIRED, RULES_EDIT_WINDOW, RULES_UNSEND_WINDOW,
            RULES_BUSINESS_REPLY_WINDOW, RULES_HUMAN_AGENT_REPLY_WINDOW, RATE_LIMITS,
            SENDS_PER_MINUTE, NEW_CONVERSATIONS_PER_HOUR, BUSINESS_OUTREACH_PER_DAY, BUSINESS_PROMOTIONS_PER_WEEK,
            AUTOMATION_ALLOW_PRIVATE_WEBHOOKS, AUTOMATION_WEBHOOK_RETRY_BASE, AUTOMATION_WEBHOOK_LEASE, INBOX_TRIAGE,
            OUTBOUND_ALLOW_PRIVATE_ADDRESSES,
            METRICS_HOST, METRICS_PORT, METRICS_PER_BUSINESS, WEB_FRAME_ANCESTORS,
            STREAM_MAX_SOCKETS_PER_ACCOUNT, STREAM_ALLOWED_ORIGINS,
            SIGNUPS_PER_HOUR, LOOKUPS_PER_MINUTE, TICKETS_PER_MINUTE,
            APP_SECRET_GRACE, AUTH_JWT_APP, AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE, AUTH_JWT_JWKS_URL, AUTH_JWT_HS256_SECRET,
            AUTH_JWT_PROVISION,
            APP_EVENTS_RETENTION, APP_WEBHOOK_RETRY_BASE, APP_WEBHOOK_RETRY_MAX, APP_WEBHOOK_LEASE, NOTIFY_DELAY,
            PUSH_VAPID_SUBJECT, PUSH_TTL, PUSH_WORKERS, PUSH_RETRY_BASE);

    // --- parsers: each says what it expected ---

    static String nonBlank(String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return v.trim();
    }

    static int intIn(String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is outside " + min + ".." + max);
        }
        return n;
    }

    static String hs256Secret(String v) {
        if (!v.isEmpty() && v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes");
        }
        return v;
    }

    static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected on or off, got '" + v + "'");
        };
    }

    static String oneOf(String v, String... allowed) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(t)) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not one of " + String.join(", ", allowed));
    }

    static Duration positiveDuration(String v) {
        Duration d = Durations.parse(v);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return d;
    }

    static Duration atLeast(String v, Duration min) {
        Duration d = Durations.parse(v);
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException("must be at least " + min.toSeconds() + "s");
        }
        return d;
    }

    /** CSP source expressions only: a ; or , would let a value add directives of its own. */
    static String frameAncestors(String v) {
        String t = nonBlank(v).replaceAll("\\s+", " ");
        for (String source : t.split(" ")) {
            if (!source.matches("'none'|'self'|[a-z][a-z0-9+.-]*:(//[*a-zA-Z0-9.:\\[\\]-]+)?")) {
                throw new IllegalArgumentException("'" + source + "' is not a frame-ancestors source ('none', 'self', "
                        + "https://host, https://*.host)");
            }
        }
        return t;
    }

    /** -1 for off. */
    static int metricsPort(String v) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        return t.equals("off") || t.equals("-1") ? -1 : intIn(t, 0, 65535);
    }

    static String databaseUrl(String v) {
        String t = v.trim();
        if (!t.isEmpty() && !t.startsWith("jdbc:postgresql:") && !t.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("expected a jdbc:postgresql: or jdbc:sqlite: URL, got '" + v + "'");
        }
        return t;
    }

    static String publicUrl(String v) {
        String t = v.trim();
        if (t.isEmpty()) {
            return t;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(t);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + v + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("expected http(s)://host[:port] with no path, got '" + v + "'");
        }
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    /** RFC 8292: a mailto: address or an https URL; empty for the default. */
    static String vapidSubject(String v) {
        String t = v.trim();
        if (!t.isEmpty() && !t.matches("mailto:[^\\s@]+@[^\\s@]+|https://[^\\s]+")) {
            throw new IllegalArgumentException("expected mailto:someone@example.com or an https:// URL, got '" + v + "'");
        }
        return t;
    }

    static List<String> commaList(String v) {
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    static <T> Optional<T> optional(String v, java.util.function.Function<String, T> parser) {
        return v.isBlank() ? Optional.empty() : Optional.of(parser.apply(v));
    }
}
