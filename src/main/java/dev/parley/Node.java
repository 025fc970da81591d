package dev.parley;

import dev.parley.account.AccountRoutes;
import dev.parley.account.AccountService;
import dev.parley.account.GraphService;
import dev.parley.account.JdbcAccountStore;
import dev.parley.account.Passwords;
import dev.parley.automation.AutomationRoutes;
import dev.parley.automation.AutomationStore;
import dev.parley.automation.Autoresponder;
import dev.parley.automation.BotRoutes;
import dev.parley.automation.FaqMatcher;
import dev.parley.automation.BotService;
import dev.parley.automation.BotStore;
import dev.parley.automation.WebhookDispatcher;
import dev.parley.automation.WebhookTargets;
import dev.parley.business.BusinessInbox;
import dev.parley.business.BusinessRoutes;
import dev.parley.business.BusinessRules;
import dev.parley.business.BusinessRulesRoutes;
import dev.parley.business.BusinessRulesStore;
import dev.parley.business.BusinessService;
import dev.parley.business.BusinessStore;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.conversation.ConversationRoutes;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.ConversationStore;
import dev.parley.delivery.Broadcast;
import dev.parley.delivery.Hub;
import dev.parley.delivery.LocalBroadcast;
import dev.parley.delivery.Presence;
import dev.parley.delivery.RedisBroadcast;
import dev.parley.delivery.RedisPresence;
import dev.parley.cluster.Redis;
import dev.parley.message.SearchIndexer;
import dev.parley.metrics.NodeMetrics;
import dev.parley.store.Analyzer;
import dev.parley.store.Checkpointer;
import dev.parley.delivery.StreamRoutes;
import dev.parley.delivery.Tickets;
import dev.parley.event.EventListeners;
import dev.parley.event.EventStore;
import dev.parley.event.SyncRoutes;
import dev.parley.event.Transactions;
import dev.parley.http.Authenticator;
import dev.parley.http.HttpServer;
import dev.parley.http.OpsRoutes;
import dev.parley.responsiveness.ResponsivenessGauges;
import dev.parley.responsiveness.ResponsivenessRoutes;
import dev.parley.responsiveness.ResponsivenessService;
import dev.parley.message.MessageRoutes;
import dev.parley.message.MessageSearch;
import dev.parley.message.MessageService;
import dev.parley.message.MessageStore;
import dev.parley.policy.BusinessPolicy;
import dev.parley.policy.Policy;
import dev.parley.safety.PromotionClassifier;
import dev.parley.safety.RateLimits;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Parley node: the composition root. It reads nothing but its settings, builds each feature
 * by hand in dependency order, and owns the lifecycle (start, graceful stop).
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final Settings settings;
    private final Database db;
    private final Broadcast broadcast;
    private final Hub hub;
    private final WebhookDispatcher webhooks;
    private final StreamRoutes stream;
    private final Javalin http;
    private final ScheduledExecutorService housekeeping;
    private final BusinessInbox inbox;
    private final Autoresponder autoresponder;
    private final String nodeId;
    private final List<String> routes;
    final AccountService accounts;
    final JdbcAccountStore accountStore;
    private final Redis redis;
    private final MessageService messages;
    private final SearchIndexer searchIndexer;
    private final Checkpointer checkpointer;
    private final Optional<Analyzer> analyzer;
    private final Presence.Directory presenceDirectory;

    private Node(Settings settings, Clock clock, Function<String, Broadcast> broadcastForNode) {
        this.settings = settings;
        this.nodeId = settings.get(Keys.NODE_ID).isEmpty() ? UUID.randomUUID().toString() : settings.get(Keys.NODE_ID);
        // Cluster mode: Redis carries the nudges and holds tickets, presence and rate buckets.
        this.redis = settings.get(Keys.REDIS_URL).isEmpty() ? null : Redis.connect(settings.get(Keys.REDIS_URL));
        this.broadcast = redis == null ? broadcastForNode.apply(nodeId) : new RedisBroadcast(redis, nodeId);
        this.db = Database.open(settings.get(Keys.DATABASE_URL), settings.get(Keys.DATA_DIR),
                settings.get(Keys.DATABASE_POOL_SIZE));
        db.migrate();

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NodeMetrics.bind(metrics);
        RateLimits limits = !settings.get(Keys.RATE_LIMITS) ? RateLimits.off()
                : redis == null
                ? new RateLimits(true, settings.get(Keys.SENDS_PER_MINUTE), settings.get(Keys.NEW_CONVERSATIONS_PER_HOUR))
                : new RateLimits(true, settings.get(Keys.SENDS_PER_MINUTE), settings.get(Keys.NEW_CONVERSATIONS_PER_HOUR), redis);

        accountStore = new JdbcAccountStore(db, clock);
        accounts = new AccountService(db, accountStore, new Passwords(settings.get(Keys.PASSWORD_HASHING)), clock);
        GraphService graph = new GraphService(accountStore);
        Policy policy = new Policy(settings.rules(), graph);

        EventStore events = new EventStore(db);
        hub = new Hub(events, broadcast, nodeId, 4);
        webhooks = new WebhookDispatcher(new BotStore(db), events,
                new WebhookTargets(settings.get(Keys.AUTOMATION_ALLOW_PRIVATE_WEBHOOKS)), clock,
                settings.get(Keys.AUTOMATION_WEBHOOK_RETRY_BASE),
                // Unique per process even when node_id is configured: a restarted node must not
                // take for its own a lease its crashed predecessor held mid-delivery.
                nodeId + "/" + UUID.randomUUID().toString().substring(0, 8),
                settings.get(Keys.AUTOMATION_WEBHOOK_LEASE));
        BotService bots = new BotService(new BotStore(db), events,
                new WebhookTargets(settings.get(Keys.AUTOMATION_ALLOW_PRIVATE_WEBHOOKS)), webhooks, clock);
        // Sessions first; bot tokens carry a prefix, so a person's token never costs a bot lookup.
        Authenticator sessionsAndBots = token -> accounts.authenticate(token).or(() -> bots.authenticate(token));
        // Apps: an app's secret (+ X-Parley-User) and the app's own JWTs come first, then sessions and bots.
        dev.parley.app.AppFeature apps = new dev.parley.app.AppFeature(settings, db, accountStore, accounts, graph, clock);
        Authenticator auth = apps.authenticator(sessionsAndBots);
        EventListeners committed = new EventListeners(hub);
        committed.add(webhooks::committed);
        Transactions tx = new Transactions(db, events, committed);

        BusinessStore businessStore = new BusinessStore(db, clock);
        BusinessService businesses = new BusinessService(db, accounts, accountStore, businessStore);

        // This node alone writes a SQLite store: what sends check can stay in memory.
        ConversationStore conversationStore = new ConversationStore(db.dialect() == Dialect.SQLITE);
        ConversationService conversations = new ConversationService(db, tx, conversationStore, accountStore, graph,
                policy, limits, clock);
        MessageStore messageStore = new MessageStore();
        messages = new MessageService(db, tx, messageStore, conversationStore, conversations, accountStore, policy,
                limits, clock, settings.get(Keys.WRITE_BATCH_MAX), settings.get(Keys.WRITE_BATCH_WAIT_MICROS));
        conversations.useLastMessages(messages::lastMessages);
        searchIndexer = new SearchIndexer(db);
        MessageSearch search = new MessageSearch(db, conversations, messages, searchIndexer::catchUp);
        checkpointer = db.walFile().isPresent()
                ? new Checkpointer(db, 250, settings.get(Keys.SQLITE_WAL_LIMIT_MB) * 1024L * 1024L) : null;
        analyzer = Analyzer.startIfNeeded(db, 10_000);
        BusinessRulesStore rulesStore = new BusinessRulesStore(db);
        BusinessPolicy businessPolicy = new BusinessPolicy(settings.rules(), rulesStore, new PromotionClassifier(),
                settings.get(Keys.BUSINESS_OUTREACH_PER_DAY), settings.get(Keys.BUSINESS_PROMOTIONS_PER_WEEK));
        BusinessRules businessRules = new BusinessRules(businessPolicy, rulesStore, accountStore, conversations, clock);
        messages.useGuard(businessRules);

        presenceDirectory = redis == null ? Presence.Directory.NONE : RedisPresence.of(redis, nodeId, clock);
        Presence presence = new Presence(hub, conversations, graph, presenceDirectory);
        Tickets tickets = redis == null ? new Tickets(clock) : new Tickets(clock, redis);
        stream = new StreamRoutes(auth, businesses, tickets, hub, presence, conversations, messages, graph);
        listenToCluster(graph);
        metrics.gauge("parley_open_sockets", stream, StreamRoutes::openSockets);

        inbox = new BusinessInbox(new BusinessInbox.Deps(db, tx, clock, accountStore, businessStore, conversations,
                conversationStore, messages, messageStore), presence::isOnline, settings.get(Keys.INBOX_TRIAGE),
                settings.get(Keys.DATA_DIR).resolve("models"));
        committed.add(inbox.intake());
        AutomationStore automationStore = new AutomationStore(db);
        FaqMatcher faqMatcher = new FaqMatcher(inbox.embedder());
        autoresponder = new Autoresponder(automationStore, db, messageStore, messages, inbox, inbox.accountKinds(), faqMatcher,
                clock);
        committed.add(autoresponder);
        inbox.onAgentRemoved((business, person) -> {
            stream.closeActing(person, business);
            broadcast.publish(new Broadcast.Unseated(nodeId, business, person));
        });

        ResponsivenessService responsiveness = new ResponsivenessService(db, automationStore, accountStore, clock);
        ResponsivenessGauges responsivenessGauges = new ResponsivenessGauges(responsiveness, metrics);
        List<dev.parley.http.Routes> features = new java.util.ArrayList<>(List.of(
                new OpsRoutes(metrics, responsivenessGauges::refresh),
                new AccountRoutes(auth, accounts, graph, accountStore, businesses),
                apps.routes(auth), // the app API under /api/v1/app and POST /api/v1/admin/apps
                new BusinessRoutes(auth, businesses, conversations, messages, businessRules),
                new BusinessRulesRoutes(auth, businesses, businessRules, rulesStore, graph, clock),
                new BotRoutes(auth, businesses, bots, businesses::isManager),
                new ConversationRoutes(auth, businesses, conversations, graph, settings.rules()),
                new MessageRoutes(auth, businesses, messages, search, inbox.savedReplies()),
                new SyncRoutes(auth, businesses, events),
                stream));
        features.addAll(inbox.routes(auth, businesses));
        features.add(new ResponsivenessRoutes(auth, businesses, responsiveness));
        features.add(new AutomationRoutes(auth, businesses, automationStore, autoresponder, faqMatcher, conversations,
                businesses::isManager, clock));
        HttpServer.Server server = HttpServer.create(settings.get(Keys.HOST), settings.get(Keys.PORT), features);
        http = server.app();
        routes = server.routes();
        inbox.start();
        autoresponder.start();

        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-housekeeping");
            t.setDaemon(true);
            return t;
        });
        Duration retention = settings.get(Keys.EVENT_RETENTION);
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                int n = events.prune(clock.instant().minus(retention));
                if (n > 0) {
                    LOG.info("pruned {} sync events older than {}", n, retention);
                }
            } catch (RuntimeException e) {
                LOG.warn("pruning sync events failed", e);
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    /**
     * What other nodes tell this one besides new events: a revoked token or changed blocks must
     * stop working here at once, and after a lost link every cache of them is suspect.
     */
    private void listenToCluster(GraphService graph) {
        accounts.onRevoke(hash -> broadcast.publish(new Broadcast.Revoked(nodeId, hash, null)));
        graph.onBlockChange(account -> broadcast.publish(new Broadcast.Revoked(nodeId, null, account)));
        broadcast.subscribe(signal -> {
            if (signal instanceof Broadcast.Revoked r) {
                if (r.tokenHash() != null) {
                    accounts.forgetToken(r.tokenHash());
                }
                if (r.accountId() != null) {
                    graph.forgetBlocks(r.accountId());
                }
            } else if (signal instanceof Broadcast.Unseated u) {
                stream.closeActing(u.personId(), u.businessId());
            } else if (signal instanceof Broadcast.Resync) {
                accounts.forgetAllTokens();
                graph.forgetAllBlocks();
            }
        });
    }

    /**
     * Opens the store, migrates it and starts serving.
     *
     * @param broadcastForNode makes this node's link to the others, given its node id
     */
    public static Node start(Settings settings, Clock clock, Function<String, Broadcast> broadcastForNode) {
        Node node = new Node(settings, clock, broadcastForNode);
        node.http.start();
        node.webhooks.start();
        return node;
    }

    /** A node on the system clock, ticking in milliseconds: the precision the store keeps. */
    public static Node start(Settings settings) {
        return start(settings, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)), new LocalBroadcast()::forNode);
    }

    /** Every (method, path) the server answers: the OpenAPI test checks the document against it. */
    public List<String> routes() {
        return routes;
    }

    public int port() {
        return http.port();
    }

    public String nodeId() {
        return nodeId;
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return db;
    }

    /** Graceful stop: sockets are told to reconnect elsewhere, in-flight requests finish, then the store closes. */
    @Override
    public void close() {
        stream.closeAll();
        webhooks.close();
        http.stop();
        autoresponder.close();
        inbox.close();
        messages.close(); // after whatever still sends (automation): it writes what is queued, then stops
        housekeeping.shutdownNow();
        searchIndexer.close();
        if (checkpointer != null) {
            checkpointer.close();
        }
        analyzer.ifPresent(Analyzer::close);
        hub.shutdown();
        presenceDirectory.close();
        broadcast.close();
        if (redis != null) {
            redis.close();
        }
        db.close();
    }
}
