package dev.parley;

import dev.parley.account.AccountModule;
import dev.parley.account.Avatars;
import dev.parley.account.Profiles;
import dev.parley.app.AppFeature;
import dev.parley.app.AppStore;
import dev.parley.appevents.AppEventsModule;
import dev.parley.account.JdbcAccountStore;
import dev.parley.automation.AutomationModule;
import dev.parley.automation.AutomationStore;
import dev.parley.automation.BotModule;
import dev.parley.business.BusinessInbox;
import dev.parley.business.BusinessModule;
import dev.parley.business.BusinessService;
import dev.parley.channels.ChannelModule;
import dev.parley.channels.Connector;
import dev.parley.channels.Network;
import dev.parley.channels.connect.ConnectModule;
import dev.parley.channels.connect.ConnectSettings;
import dev.parley.channels.meta.MetaConnector;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.conversation.ConversationModule;
import dev.parley.datarights.DataRightsModule;
import dev.parley.datarights.PersonalFiles;
import dev.parley.delivery.Broadcast;
import dev.parley.delivery.ClusterSignals;
import dev.parley.delivery.DeliveryModule;
import dev.parley.delivery.Fanout;
import dev.parley.delivery.SocketControl;
import dev.parley.delivery.Visibility;
import dev.parley.event.SyncRoutes;
import dev.parley.http.Authenticator;
import dev.parley.http.HttpServer;
import dev.parley.http.OpsRoutes;
import dev.parley.http.Routes;
import dev.parley.http.SecurityHeaders;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.media.MediaAccess;
import dev.parley.media.MediaModule;
import dev.parley.media.OwnFiles;
import dev.parley.message.MessageModule;
import dev.parley.message.SystemMessages;
import dev.parley.message.MessageStore;
import dev.parley.message.MessageViews;
import dev.parley.message.SendGuard;
import dev.parley.message.SendScreen;
import dev.parley.metrics.MetricsModule;
import dev.parley.metrics.NodeMetrics;
import dev.parley.notify.NotificationSink;
import dev.parley.notify.NotifyModule;
import dev.parley.notify.Visible;
import dev.parley.filters.FiltersModule;
import dev.parley.moderation.ModerationModule;
import dev.parley.moderation.RestrictionGate;
import dev.parley.moderation.ShadowBans;
import dev.parley.moderation.SystemReports;
import dev.parley.linkpreview.LinkPreviewRoutes;
import dev.parley.linkpreview.LinkPreviews;
import dev.parley.outbound.OutboundClient;
import dev.parley.push.PushModule;
import dev.parley.responsiveness.ResponsivenessModule;
import dev.parley.safety.HiddenEverywhere;
import dev.parley.safety.HiddenWordsRoutes;
import dev.parley.safety.RateLimits;
import dev.parley.satisfaction.SatisfactionModule;
import dev.parley.satisfaction.SatisfactionStore;
import dev.parley.satisfaction.SatisfactionSurvey;
import dev.parley.store.Database;
import dev.parley.web.WebAssets;
import dev.parley.web.WebRoutes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The composition itself: builds each feature's module in dependency order, hands each what it
 * needs through its constructor, and puts the routes together. Whatever a module starts goes into
 * the node's {@link Lifecycle}, which {@link Node} starts and stops.
 */
final class Wiring {
    /** What the node keeps of the wiring: the HTTP server, the metrics listener and Web Push. */
    record Wired(HttpServer.Server server, MetricsModule metrics, PushModule push) {}

    private final Settings settings;
    private final String nodeId;
    private final Database db;
    private final Lifecycle life;
    private final List<NotificationSink> sinks;

    /** @param sinks who hears the notification decision's verdicts besides what the node itself wires */
    Wiring(Settings settings, String nodeId, Database db, Lifecycle life, List<NotificationSink> sinks) {
        this.sinks = sinks;
        this.settings = settings;
        this.nodeId = nodeId;
        this.db = db;
        this.life = life;
    }

    /** Builds every module; what they start is registered in the node's lifecycle, started later. */
    Wired wire(Clock clock, Function<String, Broadcast> broadcastForNode) {
        PrometheusMeterRegistry metrics = NodeMetrics.registry();
        Fanout fanout = Fanout.build(settings, nodeId, db, clock, broadcastForNode, life);
        RateLimits limits = RateLimits.configured(settings, fanout.redis());
        ClusterSignals signals = new ClusterSignals(fanout.broadcast(), nodeId);
        JdbcAccountStore accountStore = new JdbcAccountStore(db, clock);
        // Every ending of access (sign-out, password change, suspension) closes sockets on every node.
        // Sockets opened with an app's secret live as long as that secret works (a rotation's grace, a revoke).
        SocketControl sockets = SocketControl.build(fanout, settings, nodeId, clock,
                AppStore.liveCredentials(new AppStore(db), clock, accountStore::liveSessions), life);
        AccountModule people = AccountModule.build(db, accountStore, settings, clock, fanout.redis(), sockets.revocations(),
                signals::blocksChanged);
        // One guarded HTTP client for every request the node makes to a URL someone registered.
        OutboundClient outbound = life.own("outbound client", OutboundClient.fromSettings(settings));
        BotModule bots = BotModule.build(db, fanout.events(), fanout.committed(), settings, outbound, clock, nodeId, life);
        // Apps first (an app's secret, with X-Parley-User, and the app's own JWTs); then sessions, then
        // bot tokens, which carry a prefix so a person's token never costs a bot lookup.
        AppFeature apps = new AppFeature(settings, db, accountStore, people.accounts(), people.graph(), outbound, clock,
                () -> {
                    signals.appsChanged();
                    sockets.sockets().sweepSoon(); // a rotation without grace or a revoke ends its sockets here at once
                }, new dev.parley.datarights.ErasedAppUsers(db));
        signals.onAppsChanged(apps::forgetCachedCredentials);
        // The store's count of access changes moved (the CLI suspended an account or revoked an app, no
        // Redis to say so): the cached tokens go with the app secrets, and sockets are checked now, not in 10 s.
        apps.apps().alsoForget(sockets.sockets()::sweepSoon);
        if (settings.get(Keys.REDIS_URL).isEmpty()) {
            life.own("app change watch", apps.watchStore(settings.get(Keys.APP_RECHECK)));
        }
        Authenticator auth = apps.authenticator(
                token -> people.accounts().authenticate(token).or(() -> bots.bots().authenticate(token)));
        // An app's feed is written inside the transactions that concern its users; its webhook pushes it.
        MessageStore messageStore = new MessageStore();
        AppEventsModule appEvents = AppEventsModule.build(db, fanout.tx(), fanout.committed(), fanout.redis(),
                apps.apps(), messageStore, outbound, settings, clock, nodeId, life);

        MediaModule media = MediaModule.build(db, settings, clock, life); // attachments: messages render them
        HiddenEverywhere hiddenEverywhere = new HiddenEverywhere(db, clock); // hidden words beyond requests
        MessageViews messageViews = new MessageViews(messageStore, people.store(), people.graph(), media.attachments(),
                hiddenEverywhere);
        ShadowBans shadowBans = new ShadowBans(db, clock); // moderators' shadow bans: openings and sends by them stay unseen
        // A group's system lines ("Ann added Bob") are messages written in the membership change's transaction.
        // A moderator's restriction is checked on every send, edit, new group and rename; the business rules come later.
        RestrictionGate restrictions = RestrictionGate.first(db, clock);
        ConversationModule talk = ConversationModule.build(db, fanout.tx(), people, limits, clock, messageViews,
                shadowBans::holds, restrictions::refuseIfRestricted, new SystemMessages(messageStore, messageViews));
        BusinessModule biz = BusinessModule.build(db, settings, people, talk.service(), clock);
        BusinessService acting = biz.businesses(); // whom each caller may act for
        restrictions.then(biz.rules()); // the restriction is checked before the business rules on every send
        // Restrictions, shadow bans and the node's filters screen every send and edit (issue 19).
        FiltersModule filters = FiltersModule.build(db, settings, new SystemReports(db, messageStore, clock)::flag,
                clock, life);
        // Channels (issue 23): a reply in a channel conversation passes the network's window and joins its outbox.
        ChannelModule.Parts channelParts = ChannelModule.parts(db, channelConnectors(settings, outbound, clock),
                media.attachments());
        SendGuard sendGuard = channelParts.guard(restrictions);
        biz.rules().dryRunsThrough(sendGuard); // a business's check refuses what its send would
        // Every replay of the event log (sync, the stream's catch-up, bots) reads messages as they are now.
        MessageModule messaging = MessageModule.build(db, fanout.tx(), fanout.events(), messageStore, messageViews,
                talk.store(), talk.service(), people.store(), people.policy(), limits, sendGuard,
                SendScreen.all(List.of(restrictions, shadowBans, filters.filters())), settings, clock, life);
        media.yieldTo(() -> messaging.messages().writeStats().items()); // photos give way to text on a busy node
        ModerationModule moderation = ModerationModule.build(db, people, talk.store(), messageStore,
                messaging.messages(), appEvents.publisher(), restrictions, shadowBans, auth, acting,
                limits::requestRefused, talk.held(), talk.service()::clearedUpTo, clock);
        DeliveryModule delivery = DeliveryModule.build(fanout, signals, auth, acting, people.accounts(),
                people.graph(), talk.service(), messaging.messages(), sockets, settings);
        people.accounts().onProfileChanged(delivery.presence()::profileChanged); // open clients show a new name at once
        people.graph().onBlocksChanged(delivery.presence()::blocksChanged); // and stop showing presence across a new block
        io.micrometer.core.instrument.Gauge.builder("parley_open_sockets", delivery.stream(), s -> s.openSockets())
                .description("stream sockets open on this node").register(metrics);
        FunctionCounter.builder("parley_image_paused_seconds", media, MediaModule::imagePausedSeconds)
                .description("time photos' work waited for a node busy sending").register(metrics);
        // The group commit's batches: items / batches is how many sends share one commit and one flush.
        FunctionCounter.builder("parley_write_batches", messaging.messages(), m -> m.writeStats().batches())
                .description("transactions the send writer committed").register(metrics);
        FunctionCounter.builder("parley_write_batch_sends", messaging.messages(), m -> m.writeStats().items())
                .description("sends those transactions held").register(metrics);
        // Web Push: people's devices, the VAPID key and the sender of queued pushes.
        PushModule push = PushModule.build(db, settings, outbound, people.store(), messaging.messages(), clock, life);
        // The one notification decision: each verdict goes to the app events feed (notification.needed,
        // carrying the user's FCM/APNs tokens for the app's own push) and to Web Push, and to a test's sinks.
        List<NotificationSink> toldOf = new ArrayList<>(List.of(appEvents.notificationSink(
                id -> push.devices().tokensFor(id).stream().map(t -> Map.of("kind", t.kind(), "token", t.token())).toList()),
                push.sink()));
        toldOf.addAll(sinks);
        NotifyModule notify = NotifyModule.build(db, settings, fanout.committed(), people.graph(), new Visible() {
            @Override
            public boolean anywhere(String accountId) {
                return fanout.visibility().anywhere(accountId);
            }

            @Override
            public boolean actingAnywhere(String personId) { // an agent at a visible tab for a business
                return fanout.visibility().anywhere(Visibility.acting(personId));
            }
        }, toldOf, clock, nodeId, life);
        AutomationStore automationStore = new AutomationStore(db);
        SatisfactionStore satisfactionStore = new SatisfactionStore(db);
        BusinessInbox inbox = new BusinessInbox(new BusinessInbox.Deps(db, fanout.tx(), clock, people.store(),
                biz.store(), talk.service(), talk.store(), messaging.messages(), messageStore, messageViews,
                customerChannels(channelParts.store())),
                delivery.presence()::isOnline, settings.get(Keys.INBOX_TRIAGE),
                settings.get(Keys.DATA_DIR).resolve("models"),
                (business, person) -> signals.agentRemoved(delivery.stream(), business, person),
                automationStore::botHandles, SatisfactionSurvey.replies(satisfactionStore), fanout.committed(), life);
        AutomationModule automation = AutomationModule.build(db, automationStore, messageStore, messaging.messages(),
                inbox, fanout.committed(), clock, life);
        SatisfactionModule satisfaction = SatisfactionModule.build(satisfactionStore, automation.store(), messaging.messages(), inbox,
                talk.service(), fanout.committed(), clock, life);
        ResponsivenessModule answers = ResponsivenessModule.build(db, automation.store(), people.store(),
                satisfaction.store(), metrics, settings.get(Keys.METRICS_PER_BUSINESS), clock);
        // People's data: erasure and export jobs, which erase and export the person's uploaded files too.
        DataRightsModule data = DataRightsModule.build(new DataRightsModule.Deps(db, fanout.tx(), people, talk.store(),
                messageStore, messageViews, apps, appEvents.publisher(), personalFiles(media.ownFiles()), messaging.messages(),
                moderation.reports()::expireSnapshots, acting, acting::isManager), settings, auth, clock,
                nodeId, life);
        ChannelModule channels = ChannelModule.build(channelParts, people.store(), talk.service(), messaging.messages(),
                clock, life);
        MetricsModule scrapes = MetricsModule.start(settings, metrics, answers::beforeScrape, life);

        List<Routes> features = new ArrayList<>(List.of(new OpsRoutes(),
                new SecurityHeaders(settings.get(Keys.PUBLIC_URL), settings.get(Keys.WEB_FRAME_ANCESTORS))));
        features.addAll(people.routes(acting, auth, new Profiles(db, avatars(media.avatars()))));
        features.add(apps.routes(auth)); // /api/v1/app/… and POST /api/v1/admin/apps
        features.add(appEvents.routes()); // /api/v1/app/events… and /api/v1/app/webhook
        features.addAll(biz.routes(auth, talk.service(), messaging.messages(), people.graph(), clock));
        features.addAll(bots.routes(auth, acting));
        features.addAll(talk.routes(auth, acting, people, settings));
        features.addAll(messaging.routes(auth, acting, inbox.savedReplies()));
        features.addAll(media.routes(auth, acting, new MediaAccess() {
            @Override
            public boolean sees(String conversationId, String accountId) {
                return db.read(h -> talk.store().member(h, conversationId, accountId)
                        .filter(dev.parley.conversation.Member::sees).isPresent());
            }

            @Override
            public boolean blockedEitherWay(String a, String b) {
                return people.graph().blockedEitherWay(a, b);
            }
        }));
        features.addAll(List.of(new SyncRoutes(auth, acting, fanout.events()), delivery.stream()));
        features.addAll(inbox.routes(auth, acting));
        features.add(moderation.routes()); // /api/v1/reports, /api/v1/moderation/…, /api/v1/admin/moderators
        features.add(filters.routes(auth)); // /api/v1/admin/filters
        features.addAll(answers.routes(auth, acting));
        features.addAll(automation.routes(auth, acting, talk.service(), biz.rules()::promotionReasons, clock));
        features.addAll(satisfaction.routes(auth));
        features.addAll(notify.routes(auth));
        features.add(push.routes(auth));
        // Link preview cards (issue 21): pages fetched through the same guarded client as webhooks.
        features.add(new LinkPreviewRoutes(auth, new LinkPreviews(outbound, clock), limits));
        features.add(new HiddenWordsRoutes(auth, hiddenEverywhere)); // where a person's hidden words apply
        features.addAll(channels.routes(auth, acting, acting::isManager, clock)); // webhooks, a business's channels
        features.add(ConnectModule.routes(db, connectSettings(settings), outbound, channels.channels(), auth, acting,
                acting::isManager, clock)); // connecting a channel from the business's settings (OAuth)
        features.addAll(data.routes()); // DELETE /api/v1/me, exports, their admin and app routes; a business's retention
        // The web client: its page at /, its files under /assets/<build id>/ (issue 21 point 9).
        WebAssets web = WebAssets.fromClasspath();
        features.add(new WebRoutes(web));
        HttpServer.Server server = HttpServer.create(settings.get(Keys.HOST), settings.get(Keys.PORT), features);
        life.add("http server", server.app()::start, server.app()::stop);
        // Last registered, first stopped: sockets are told to reconnect elsewhere before the server stops.
        life.own("sockets", delivery.stream()::closeAll);
        return new Wired(server, scrapes, push);
    }

    /** One connector per network this node serves. */
    private static Map<Network, Connector> channelConnectors(Settings settings, OutboundClient outbound, Clock clock) {
        MetaConnector.Settings meta = new MetaConnector.Settings(settings.get(Keys.CHANNELS_META_APP_ID),
                settings.get(Keys.CHANNELS_META_APP_SECRET), settings.get(Keys.CHANNELS_META_VERIFY_TOKEN),
                settings.get(Keys.CHANNELS_META_GRAPH_URL), settings.get(Keys.CHANNELS_INSTAGRAM_APP_SECRET),
                settings.get(Keys.CHANNELS_INSTAGRAM_GRAPH_URL));
        Map<Network, Connector> all = new java.util.EnumMap<>(Network.class);
        all.put(Network.MESSENGER, new MetaConnector(Network.MESSENGER, meta, outbound, clock));
        all.put(Network.INSTAGRAM, new MetaConnector(Network.INSTAGRAM, meta, outbound, clock));
        all.put(Network.X, new dev.parley.channels.x.XConnector(xSettings(settings), outbound, clock));
        return all;
    }

    private static dev.parley.channels.x.XSettings xSettings(Settings settings) {
        return new dev.parley.channels.x.XSettings(settings.get(Keys.CHANNELS_X_CLIENT_ID),
                settings.get(Keys.CHANNELS_X_CLIENT_SECRET), settings.get(Keys.CHANNELS_X_CONSUMER_SECRET),
                settings.get(Keys.CHANNELS_X_API_URL), null, settings.get(Keys.CHANNELS_X_AUTHORIZE_URL));
    }

    /** The apps a business connects its channels through (issue 23): app ids, secrets and the networks' URLs. */
    private static ConnectSettings connectSettings(Settings s) {
        return new ConnectSettings(new ConnectSettings.Meta(s.get(Keys.CHANNELS_META_APP_ID),
                s.get(Keys.CHANNELS_META_APP_SECRET), s.get(Keys.CHANNELS_META_DIALOG_URL), s.get(Keys.CHANNELS_META_GRAPH_URL)),
                new ConnectSettings.Instagram(s.get(Keys.CHANNELS_INSTAGRAM_APP_ID), s.get(Keys.CHANNELS_INSTAGRAM_APP_SECRET),
                        s.get(Keys.CHANNELS_INSTAGRAM_AUTHORIZE_URL), s.get(Keys.CHANNELS_INSTAGRAM_TOKEN_URL),
                        s.get(Keys.CHANNELS_INSTAGRAM_GRAPH_URL)),
                xSettings(s), s.get(Keys.CHANNELS_X_WEBHOOK_ID), s.get(Keys.PUBLIC_URL));
    }

    /** Channel contacts' networks and usernames for the inbox (an adapter here, so business and channels import neither). */
    private static dev.parley.business.CustomerChannels customerChannels(dev.parley.channels.ChannelStore store) {
        return (h, ids) -> {
            Map<String, dev.parley.business.CustomerChannels.Channel> out = new java.util.HashMap<>();
            store.usernames(h, ids).forEach((id, u) -> out.put(id,
                    new dev.parley.business.CustomerChannels.Channel(u.network().wire, u.username())));
            return out;
        };
    }

    /** The media feature's files as the data rights' seam (an adapter here, so media and datarights import neither). */
    private static PersonalFiles personalFiles(OwnFiles files) {
        return new PersonalFiles() {
            @Override
            public void eraseOf(String accountId) {
                files.erase(accountId);
            }

            @Override
            public void exportOf(String accountId, Entries entries) throws java.io.IOException {
                files.export(accountId, entries::open);
            }

            @Override
            public Map<Long, List<SentFile>> sentWith(String conversationId, java.util.Collection<Long> seqs) {
                Map<Long, List<SentFile>> out = new java.util.LinkedHashMap<>();
                files.sentWith(conversationId, seqs).forEach((seq, sent) -> out.put(seq, sent.stream()
                        .map(u -> new SentFile(u.id(), u.ownerId(), u.name(), u.type(), u.size(), OwnFiles.entryName(u)))
                        .toList()));
                return out;
            }
        };
    }

    /** Profile pictures are media files (an adapter here, so account and media import neither). */
    private static Avatars avatars(dev.parley.media.AvatarFiles files) {
        return new Avatars() {
            @Override
            public void claim(String accountId, String uploadId, java.util.Optional<String> previous) {
                files.claim(accountId, uploadId, previous);
            }

            @Override
            public void release(String uploadId) {
                files.release(uploadId);
            }

            @Override
            public java.util.Optional<String> url(String uploadId) {
                return files.url(uploadId);
            }
        };
    }
}
