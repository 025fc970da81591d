package dev.parley.config;

import static dev.parley.config.Parse.atLeast;
import static dev.parley.config.Parse.intIn;
import static dev.parley.config.Parse.longIn;
import static dev.parley.config.Parse.nonBlank;
import static dev.parley.config.Parse.oneOf;
import static dev.parley.config.Parse.optional;

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
            "address to listen on", Parse::nonBlank);
    public static final Key<Path> DATA_DIR = new Key<>("data_dir", "./parley-data",
            "where the embedded SQLite database lives", v -> Path.of(nonBlank(v)));
    public static final Key<String> NODE_ID = new Key<>("node_id", "",
            "this node's name in a cluster; empty: a random one", String::trim);
    public static final Key<String> LOG_FORMAT = new Key<>("log.format", "text",
            "text lines, or json: one JSON object a line (for log shippers)", v -> oneOf(v, "text", "json"));

    public static final Key<String> PUBLIC_URL = new Key<>("public_url", "",
            "the address users reach, e.g. https://chat.example.com (behind a proxy); used for Origin checks, "
                    + "the CSP and signed URLs; empty: the address each request names", Parse::publicUrl);
    public static final Key<List<String>> TRUSTED_PROXIES = new Key<>("trusted_proxies", "",
            "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed; "
                    + "empty: the peer's address is the client's", Parse::commaList);

    // --- metrics (a listener of their own, not the public port) ---
    public static final Key<String> METRICS_HOST = new Key<>("metrics.host", "127.0.0.1",
            "address the /metrics listener binds; keep it private (loopback, or an internal interface)", Parse::nonBlank);
    public static final Key<Integer> METRICS_PORT = new Key<>("metrics.port", "9464",
            "port of the /metrics listener; 0 picks a free one; off (or -1): no metrics listener", Parse::metricsPort);
    public static final Key<Boolean> METRICS_PER_BUSINESS = new Key<>("metrics.per_business", "off",
            "on adds parley_business_* series (each business's responsiveness, labelled by its id) to /metrics",
            Parse::bool);

    // --- web client ---
    public static final Key<String> WEB_FRAME_ANCESTORS = new Key<>("web.frame_ancestors", "'none'",
            "who may show the web client in a frame: the CSP frame-ancestors sources, e.g. 'self' https://intranet.example.com; "
                    + "'none' (the default) for nobody", Parse::frameAncestors);

    // --- storage ---
    public static final Key<String> DATABASE_URL = new Key<>("database_url", "",
            "empty: SQLite under data_dir; a jdbc:postgresql: URL switches to PostgreSQL",
            Parse::databaseUrl);
    public static final Key<Integer> DATABASE_POOL_SIZE = new Key<>("database_pool_size", "16",
            "connections to PostgreSQL (readers, for SQLite)", v -> intIn(v, 1, 500));
    public static final Key<Duration> EVENT_RETENTION = new Key<>("event_retention", "30d",
            "how long sync events are kept; older tokens get 410 sync_reset", Parse::positiveDuration);

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
            "override: first messages the recipient's settings refuse land in requests", v -> optional(v, Parse::bool));
    public static final Key<Optional<Integer>> RULES_REQUEST_MESSAGE_LIMIT = new Key<>("rules.request_message_limit", "",
            "override: messages a pending request may hold", v -> optional(v, x -> intIn(x, 1, 1000)));
    public static final Key<Optional<Boolean>> RULES_BUSINESS_LIKE_REQUIRED = new Key<>("rules.business_like_required", "",
            "override: a business page must be liked before a DM", v -> optional(v, Parse::bool));
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
            "on, or off to lift every limit (load tests and benchmarks)", Parse::bool);
    public static final Key<Integer> SENDS_PER_MINUTE = new Key<>("rate.sends_per_minute", "300",
            "messages one account may send a minute", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> NEW_CONVERSATIONS_PER_HOUR = new Key<>("rate.new_conversations_per_hour", "100",
            "conversations one account may open an hour", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> SIGNUPS_PER_HOUR = new Key<>("rate.signups_per_hour", "20",
            "accounts one client address may sign up an hour", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> LOOKUPS_PER_MINUTE = new Key<>("rate.lookups_per_minute", "60",
            "accounts one account may look up by handle a minute", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> PEOPLE_SEARCHES_PER_MINUTE = new Key<>("rate.people_searches_per_minute", "120",
            "people searches (GET /api/v1/accounts?q=) one account may make a minute", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> TICKETS_PER_MINUTE = new Key<>("rate.tickets_per_minute", "30",
            "stream tickets one account may take a minute", v -> intIn(v, 1, 10_000_000));

    public static final Key<Duration> NEW_ACCOUNT_AGE = new Key<>("safety.new_account_age", "1d",
            "accounts younger than this are new: their message requests are limited", Durations::parse);
    public static final Key<Integer> NEW_ACCOUNT_REQUESTS_PER_HOUR = new Key<>("safety.new_account_requests_per_hour", "10",
            "message requests a new account may send an hour", v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> DUPLICATE_REQUESTS_PER_HOUR = new Key<>("safety.duplicate_requests_per_hour", "5",
            "message requests with the same text (case, spaces, digits and links aside) one account may send an hour",
            v -> intIn(v, 1, 10_000_000));
    public static final Key<Integer> DECLINED_REQUESTS_PER_DAY = new Key<>("safety.declined_requests_per_day", "10",
            "declined message requests a day after which an account's new requests are paused (403 requests_paused)",
            v -> intIn(v, 1, 10_000_000));

    // --- business inbox ---
    public static final Key<Boolean> INBOX_TRIAGE = new Key<>("inbox.triage", "on",
            "label customers' messages question/complaint/praise with the bundled model (about 100 MB once loaded); off: no labels",
            Parse::bool);

    // --- business rules ---
    public static final Key<Integer> BUSINESS_OUTREACH_PER_DAY = new Key<>("business.outreach_per_day", "20",
            "new conversations a business may open in 24 hours", v -> intIn(v, 0, 1_000_000));
    public static final Key<Boolean> BUSINESS_PROMOTION_MODEL = new Key<>("business.promotion_model", "on",
            "tell promotion from service with the bundled sentence model as well as the rules (the model triage uses; "
                    + "the first business send may wait about a second while it loads); off: the rules alone", Parse::bool);
    public static final Key<Integer> BUSINESS_PROMOTIONS_PER_WEEK = new Key<>("business.promotions_per_week", "2",
            "promotional messages one customer may get from a business in 7 days", v -> intIn(v, 0, 1000));

    // --- automation ---
    public static final Key<Boolean> AUTOMATION_ALLOW_PRIVATE_WEBHOOKS = new Key<>("automation.allow_private_webhooks", "off",
            "on lets bots' webhooks target loopback and private addresses (tests, a bot on the same host)", Parse::bool);
    // --- outbound requests (webhooks, and whatever else the node fetches) ---
    public static final Key<Boolean> OUTBOUND_ALLOW_PRIVATE_ADDRESSES = new Key<>("outbound.allow_private_addresses", "off",
            "on lets the node reach loopback, private and link-local addresses (tests, a LAN deployment); "
                    + "automation.allow_private_webhooks=on does the same", Parse::bool);
    public static final Key<Duration> AUTOMATION_WEBHOOK_RETRY_BASE = new Key<>("automation.webhook_retry_base", "5s",
            "first retry delay of a failed webhook; each next one doubles (up to an hour)", Parse::positiveDuration);
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
                    + "besides public_url's own", Parse::commaList);
    // --- apps (embedding Parley in a host app) ---
    public static final Key<Duration> APP_SECRET_GRACE = new Key<>("app.secret_grace", "24h",
            "after an app's secret is rotated, how long the old one keeps working", Parse::positiveDuration);
    public static final Key<Integer> SIGN_IN_MAX_FAILURES = new Key<>("auth.sign_in_max_failures", "5",
            "failed sign-ins to one account from one address within 15 min before that pair is locked "
                    + "(1 min, doubling up to 15 min); never lifted by rate_limits=off", v -> intIn(v, 1, 1000));
    public static final Key<Integer> SIGN_IN_ADDRESS_MAX_FAILURES = new Key<>("auth.sign_in_address_max_failures", "100",
            "failed sign-ins from one address (to any accounts) within an hour before the address is locked",
            v -> intIn(v, 1, 100_000));
    public static final Key<Duration> APP_RECHECK = new Key<>("app.recheck", "1s",
            "how often a node checks the store for access ended elsewhere (an app's secret rotated or the app revoked, "
                    + "an account suspended, by the CLI or another node) and drops its cached app secrets and tokens; "
                    + "with Redis such changes apply at once",
            Parse::positiveDuration);
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
            "a shared secret (at least 32 bytes) for HS256 app JWTs, instead of a JWKS URL", Parse::hs256Secret);
    public static final Key<Boolean> AUTH_JWT_PROVISION = new Key<>("auth.jwt_provision", "off",
            "on: a valid JWT for an unknown sub makes the user from its name, given_name and picture claims",
            Parse::bool);
    public static final Key<Duration> AUTH_JWT_MAX_LIFETIME = new Key<>("auth.jwt_max_lifetime", "24h",
            "the longest an app JWT may live, exp minus iat (or minus now without iat); a longer one is refused "
                    + "(401 jwt_lifetime_too_long)", Parse::positiveDuration);
    // --- an app's events feed and webhook ---
    public static final Key<Duration> APP_EVENTS_RETENTION = new Key<>("app.events_retention", "7d",
            "how long an app's feed keeps its events; an older cursor gets 410 cursor_expired", Parse::positiveDuration);
    public static final Key<Duration> APP_WEBHOOK_RETRY_BASE = new Key<>("app.webhook_retry_base", "1s",
            "first retry delay of an app webhook transaction that was not answered 2xx; each next one doubles",
            Parse::positiveDuration);
    public static final Key<Duration> APP_WEBHOOK_RETRY_MAX = new Key<>("app.webhook_retry_max", "5m",
            "the longest delay between two attempts of an app webhook transaction", Parse::positiveDuration);
    public static final Key<Duration> APP_WEBHOOK_LEASE = new Key<>("app.webhook_lease", "30s",
            "cluster: how long a node holds an app's webhook delivery without renewing it (an attempt is cut off "
                    + "after a third of it, at most 10 s)", v -> atLeast(v, Duration.ofSeconds(1)));

    public static final Key<Duration> NOTIFY_DELAY = new Key<>("notify.delay", "10s",
            "how long after a message a person with no visible socket is notified of it, if still unread (0: at once)",
            v -> v.trim().equals("0") ? Duration.ZERO : Durations.parse(v));
    /**
     * Apart from the delay, so "at once" does not also mean "at every message": a conversation that
     * gets ten messages a second would otherwise buzz a phone ten times a second (FCM and APNs
     * throttle such a sender; the person mutes it).
     */
    public static final Key<Duration> NOTIFY_COLLAPSE = new Key<>("notify.collapse", "10s",
            "the least time between two notifications of one conversation to one person; the messages in between "
                    + "are told by the next one, which carries the newest (0: as often as the decision runs)",
            v -> v.trim().equals("0") ? Duration.ZERO : Durations.parse(v));

    // --- attachments (photos, files, voice notes) ---
    public static final Key<String> MEDIA_STORE = new Key<>("media.store", "disk",
            "where files live: disk (under data_dir/media) or s3 (an S3-compatible object store; a cluster needs it)",
            v -> oneOf(v, "disk", "s3"));
    public static final Key<String> MEDIA_S3_ENDPOINT = new Key<>("media.s3_endpoint", "",
            "the S3 API's address, e.g. http://minio:9000; empty: AWS S3 for media.s3_region", String::trim);
    public static final Key<String> MEDIA_S3_BUCKET = new Key<>("media.s3_bucket", "parley-media",
            "the bucket files go in (it must exist)", Parse::nonBlank);
    public static final Key<String> MEDIA_S3_REGION = new Key<>("media.s3_region", "us-east-1",
            "the bucket's region", Parse::nonBlank);
    public static final Key<String> MEDIA_S3_ACCESS_KEY = new Key<>("media.s3_access_key", "",
            "the S3 access key; empty: the AWS SDK's default credentials (environment, profile, instance role)",
            String::trim);
    public static final Key<String> MEDIA_S3_SECRET_KEY = new Key<>("media.s3_secret_key", "",
            "the S3 secret key", String::trim);
    public static final Key<Boolean> MEDIA_S3_PATH_STYLE = new Key<>("media.s3_path_style", "off",
            "on: address the bucket in the path (http://host/bucket/key), as MinIO, Garage and Ceph usually need",
            Parse::bool);
    public static final Key<Long> MEDIA_MAX_BYTES = new Key<>("media.max_bytes", "26214400",
            "the largest file one upload may hold, in bytes (25 MB)", v -> longIn(v, 1, 5L << 30));
    public static final Key<Long> MEDIA_DAILY_QUOTA_BYTES = new Key<>("media.daily_quota_bytes", "524288000",
            "bytes one account may upload in 24 hours (500 MB)", v -> longIn(v, 1, 1L << 50));
    public static final Key<Long> MEDIA_MAX_PIXELS = new Key<>("media.max_pixels", "50000000",
            "the most pixels an image may have (width × height, read from its header before decoding; whatever "
                    + "the cap, one decoded image takes at most 160 MB of heap)",
            v -> longIn(v, 1, 500_000_000));
    public static final Key<Integer> MEDIA_CONCURRENT_UPLOADS = new Key<>("media.concurrent_uploads", "64",
            "how many uploads a node takes in at once (on threads at the least CPU priority, so text keeps its "
                    + "rate); one more is refused with 503 uploads_busy and a Retry-After before its body is read",
            v -> intIn(v, 1, 10000));
    public static final Key<Integer> MEDIA_IMAGE_QUEUE = new Key<>("media.image_queue", "16",
            "how many image uploads may wait for the node's one image thread (re-encoding, thumbnails) before "
                    + "more are refused with 503 uploads_busy and a Retry-After",
            v -> intIn(v, 1, 1000));
    public static final Key<String> MEDIA_CLAMD = new Key<>("media.clamd", "",
            "ClamAV's daemon (host:port, or its unix socket's path): every upload is scanned before it is stored, "
                    + "infected files are refused; empty: no scanning", String::trim);
    public static final Key<Duration> MEDIA_URL_LIFETIME = new Key<>("media.url_lifetime", "1h",
            "how long a signed media URL in a message stays valid (rounded up to ten minutes)", Parse::positiveDuration);

    // --- Web Push (push package) ---
    public static final Key<String> PUSH_VAPID_SUBJECT = new Key<>("push.vapid_subject", "",
            "the contact push services see in each VAPID token (RFC 8292 sub): mailto:ops@example.com or an https URL; "
                    + "empty: public_url if https, else mailto:push@localhost", Parse::vapidSubject);
    public static final Key<Duration> PUSH_TTL = new Key<>("push.ttl", "24h",
            "how long a push service keeps a Web Push for an offline device (TTL); a push still queued after it is dropped",
            v -> atLeast(v, Duration.ofSeconds(1)));
    public static final Key<Integer> PUSH_WORKERS = new Key<>("push.workers", "4",
            "Web Push sends this node makes at once; 0: this node queues pushes but leaves sending to other nodes",
            v -> intIn(v, 0, 64));
    public static final Key<Duration> PUSH_RETRY_BASE = new Key<>("push.retry_base", "5s",
            "first retry delay after a push service failed (5xx, timeout); each next one doubles, up to an hour",
            Parse::positiveDuration);

    public static final Key<Duration> ERASURE_HANDLE_COOL_OFF = new Key<>("erasure.handle_cool_off", "30d",
            "how long an erased account's handle stays taken before anyone may sign up with it", Parse::positiveDuration);
    public static final Key<Integer> ERASURE_BATCH = new Key<>("erasure.batch_size", "200",
            "how many of an erased account's messages one transaction deletes (smaller: sends wait less behind it)",
            v -> intIn(v, 1, 10_000));
    public static final Key<Duration> FILTERS_RECHECK = new Key<>("filters.recheck", "1s",
            "how often a node checks the store for node filters changed elsewhere (another node, the CLI) and "
                    + "reloads them", Parse::positiveDuration);
    public static final Key<Integer> FILTERS_REGEX_STEPS = new Key<>("filters.regex_steps", "1000000",
            "the most characters one filter regex may read while matching one message (its time bound); a regex "
                    + "that runs out flags the message for review instead of deciding", v -> intIn(v, 10_000, 100_000_000));
    public static final Key<Duration> EXPORT_KEEP = new Key<>("export.keep", "7d",
            "how long a finished data export's archive is kept for download before it is deleted", Parse::positiveDuration);

    // --- retention (issue 19, point 7): days; 0 or empty keeps for ever ---
    public static final Key<Integer> RETENTION_MESSAGES = new Key<>("retention.messages", "0",
            "delete messages older than this many days, for everyone (a business may set fewer for its conversations); "
                    + "0 or empty: keep for ever", Keys::days);
    public static final Key<Integer> RETENTION_INACTIVE_CONVERSATIONS = new Key<>("retention.inactive_conversations",
            "0", "delete every message of a conversation nothing was sent in for this many days; 0 or empty: never",
            Keys::days);
    public static final Key<Duration> RETENTION_EVERY = new Key<>("retention.every", "1h",
            "how often the retention job looks for messages and report snapshots past their time",
            Parse::positiveDuration);
    public static final Key<Integer> RETENTION_BATCH = new Key<>("retention.batch_size", "200",
            "how many messages one retention transaction deletes (smaller: sends wait less behind it)",
            v -> intIn(v, 1, 10_000));
    public static final Key<Duration> REPORT_RETENTION = new Key<>("safety.report_retention", "180d",
            "how long a report's snapshot of the reported messages is kept after the report was reviewed "
                    + "(or, never reviewed, after it was made)", Parse::positiveDuration);

    // --- channels (issue 23): Meta's Messenger and Instagram; empty secrets refuse every delivery ---
    public static final Key<String> CHANNELS_META_APP_ID = new Key<>("channels.meta.app_id", "",
            "the business's Meta app id (its echoes name it: Parley's own replies are never shown twice)", String::trim);
    public static final Key<String> CHANNELS_META_APP_SECRET = new Key<>("channels.meta.app_secret", "",
            "the Meta app's secret: every delivery's X-Hub-Signature-256 is checked with it; empty: every delivery "
                    + "is refused (401)", String::trim);
    public static final Key<String> CHANNELS_META_VERIFY_TOKEN = new Key<>("channels.meta.verify_token", "",
            "the token Meta's webhook handshake (hub.verify_token) must carry; empty: the handshake is refused",
            String::trim);
    public static final Key<String> CHANNELS_META_GRAPH_URL = new Key<>("channels.meta.graph_url",
            "https://graph.facebook.com/v21.0", "the Graph API's base URL (a test points it at a stub)", Keys::baseUrl);

    // --- channels (issue 23): connecting from the business's settings (OAuth); the redirect URI to register
    // at each network is <public_url>/api/v1/channels/<messenger|instagram|x>/oauth/callback ---
    public static final Key<String> CHANNELS_META_DIALOG_URL = new Key<>("channels.meta.dialog_url",
            "https://www.facebook.com/v21.0/dialog/oauth", "Facebook Login's dialog, where an owner grants a Page "
                    + "(a test points it at a stub)", Keys::baseUrl);
    public static final Key<String> CHANNELS_INSTAGRAM_APP_ID = new Key<>("channels.instagram.app_id", "",
            "the Instagram app id (Instagram Login); empty: businesses cannot connect Instagram", String::trim);
    public static final Key<String> CHANNELS_INSTAGRAM_APP_SECRET = new Key<>("channels.instagram.app_secret", "",
            "the Instagram app secret: exchanges Instagram Login's codes for tokens and verifies the deliveries it signs",
            String::trim);
    public static final Key<String> CHANNELS_INSTAGRAM_AUTHORIZE_URL = new Key<>("channels.instagram.authorize_url",
            "https://www.instagram.com/oauth/authorize", "Instagram Login's authorize page", Keys::baseUrl);
    public static final Key<String> CHANNELS_INSTAGRAM_TOKEN_URL = new Key<>("channels.instagram.token_url",
            "https://api.instagram.com/oauth/access_token", "where Instagram Login's code becomes a token", Keys::baseUrl);
    public static final Key<String> CHANNELS_INSTAGRAM_GRAPH_URL = new Key<>("channels.instagram.graph_url",
            "https://graph.instagram.com/v21.0", "the Instagram API with Instagram Login (long-lived tokens, "
                    + "subscriptions, and the replies, profiles and token refreshes of accounts connected so)", Keys::baseUrl);
    public static final Key<String> CHANNELS_X_AUTHORIZE_URL = new Key<>("channels.x.authorize_url",
            "https://x.com/i/oauth2/authorize", "X's OAuth 2.0 authorize page", Keys::baseUrl);

    // --- channels (issue 23): X's Direct Messages; an unset consumer and client secret refuse every delivery ---
    public static final Key<String> CHANNELS_X_CLIENT_ID = new Key<>("channels.x.client_id", "",
            "the X app's OAuth 2.0 client id (connecting an X account and refreshing its token need it)", String::trim);
    public static final Key<String> CHANNELS_X_CLIENT_SECRET = new Key<>("channels.x.client_secret", "",
            "the X app's OAuth 2.0 client secret: token refresh, the x-twitter-webhooks-signature-oauth2 header, and "
                    + "the CRC answer when no consumer secret is set", String::trim);
    public static final Key<String> CHANNELS_X_CONSUMER_SECRET = new Key<>("channels.x.consumer_secret", "",
            "the X app's API Key Secret: every delivery's x-twitter-webhooks-signature and the CRC answer", String::trim);
    public static final Key<String> CHANNELS_X_WEBHOOK_ID = new Key<>("channels.x.webhook_id", "",
            "the id X gave the app's registered webhook: connecting an X account subscribes it to Account Activity; "
                    + "empty: each account is subscribed by hand", String::trim);
    public static final Key<String> CHANNELS_X_API_URL = new Key<>("channels.x.api_url", "https://api.x.com",
            "X's API base URL (a test points it at a stub)", Keys::baseUrl);

    /** An http(s) base URL that may carry a path (an API version), without a trailing slash. */
    private static String baseUrl(String v) {
        String t = v.trim();
        if (!t.matches("https?://[^\\s?#]+")) {
            throw new IllegalArgumentException("expected an http(s):// URL, got '" + v + "'");
        }
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    private static int days(String v) {
        return v.isBlank() ? 0 : intIn(v, 0, 36_500);
    }

    public static final List<Key<?>> ALL = List.of(PORT, HOST, DATA_DIR, NODE_ID, PUBLIC_URL, TRUSTED_PROXIES,
            DATABASE_URL,
            DATABASE_POOL_SIZE, EVENT_RETENTION, WRITE_BATCH_MAX, WRITE_BATCH_WAIT_MICROS, SQLITE_WAL_LIMIT_MB,
            REDIS_URL, PASSWORD_HASHING, PROFILE, LOG_FORMAT,
            RULES_GROUP_MAX_MEMBERS, RULES_MESSAGE_REQUESTS, RULES_REQUEST_MESSAGE_LIMIT,
            RULES_BUSINESS_LIKE_REQUIRED, RULES_EDIT_WINDOW, RULES_UNSEND_WINDOW,
            RULES_BUSINESS_REPLY_WINDOW, RULES_HUMAN_AGENT_REPLY_WINDOW, RATE_LIMITS, NEW_ACCOUNT_AGE, NEW_ACCOUNT_REQUESTS_PER_HOUR, DUPLICATE_REQUESTS_PER_HOUR, DECLINED_REQUESTS_PER_DAY,
            SENDS_PER_MINUTE, NEW_CONVERSATIONS_PER_HOUR, BUSINESS_OUTREACH_PER_DAY, BUSINESS_PROMOTIONS_PER_WEEK,
            AUTOMATION_ALLOW_PRIVATE_WEBHOOKS, AUTOMATION_WEBHOOK_RETRY_BASE, AUTOMATION_WEBHOOK_LEASE, INBOX_TRIAGE, BUSINESS_PROMOTION_MODEL,
            OUTBOUND_ALLOW_PRIVATE_ADDRESSES,
            METRICS_HOST, METRICS_PORT, METRICS_PER_BUSINESS, WEB_FRAME_ANCESTORS,
            STREAM_MAX_SOCKETS_PER_ACCOUNT, STREAM_ALLOWED_ORIGINS,
            SIGNUPS_PER_HOUR, LOOKUPS_PER_MINUTE, TICKETS_PER_MINUTE, PEOPLE_SEARCHES_PER_MINUTE,
            APP_SECRET_GRACE, APP_RECHECK, SIGN_IN_MAX_FAILURES, SIGN_IN_ADDRESS_MAX_FAILURES, AUTH_JWT_APP,
            AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE, AUTH_JWT_JWKS_URL, AUTH_JWT_HS256_SECRET, AUTH_JWT_PROVISION,
            AUTH_JWT_MAX_LIFETIME,
            APP_EVENTS_RETENTION, APP_WEBHOOK_RETRY_BASE, APP_WEBHOOK_RETRY_MAX, APP_WEBHOOK_LEASE, NOTIFY_DELAY, NOTIFY_COLLAPSE,
            MEDIA_STORE, MEDIA_S3_ENDPOINT, MEDIA_S3_BUCKET, MEDIA_S3_REGION, MEDIA_S3_ACCESS_KEY, MEDIA_S3_SECRET_KEY,
            MEDIA_S3_PATH_STYLE, MEDIA_MAX_BYTES, MEDIA_DAILY_QUOTA_BYTES, MEDIA_MAX_PIXELS, MEDIA_URL_LIFETIME,
            MEDIA_CLAMD, MEDIA_IMAGE_QUEUE, MEDIA_CONCURRENT_UPLOADS,
            PUSH_VAPID_SUBJECT, PUSH_TTL, PUSH_WORKERS, PUSH_RETRY_BASE,
            ERASURE_HANDLE_COOL_OFF, ERASURE_BATCH, EXPORT_KEEP,
            RETENTION_MESSAGES, RETENTION_INACTIVE_CONVERSATIONS, RETENTION_EVERY, RETENTION_BATCH, REPORT_RETENTION,
            FILTERS_RECHECK, FILTERS_REGEX_STEPS,
            CHANNELS_META_APP_ID, CHANNELS_META_APP_SECRET, CHANNELS_META_VERIFY_TOKEN, CHANNELS_META_GRAPH_URL,
            CHANNELS_X_CLIENT_ID, CHANNELS_X_CLIENT_SECRET, CHANNELS_X_CONSUMER_SECRET, CHANNELS_X_API_URL,
            CHANNELS_META_DIALOG_URL, CHANNELS_INSTAGRAM_APP_ID, CHANNELS_INSTAGRAM_APP_SECRET,
            CHANNELS_INSTAGRAM_AUTHORIZE_URL, CHANNELS_INSTAGRAM_TOKEN_URL, CHANNELS_INSTAGRAM_GRAPH_URL,
            CHANNELS_X_AUTHORIZE_URL, CHANNELS_X_WEBHOOK_ID);
}
