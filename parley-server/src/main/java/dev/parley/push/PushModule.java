package dev.parley.push;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.message.MessageService;
import dev.parley.message.MessageView;
import dev.parley.notify.NotificationSink;
import dev.parley.outbound.OutboundClient;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.Optional;

/**
 * Web Push, wired: the cluster's VAPID key, people's devices, the sink that queues a push per device
 * for each notification verdict, and the sender that drains the queue (started and stopped by the
 * node's lifecycle).
 */
public final class PushModule {
    private final Devices devices;
    private final WebPushSink sink;
    private final Vapid vapid;

    private PushModule(Devices devices, WebPushSink sink, Vapid vapid) {
        this.devices = devices;
        this.sink = sink;
        this.vapid = vapid;
    }

    /**
     * @param accounts whose display names notifications show, and which accounts an app provisioned
     *                 (only those may register FCM/APNs tokens)
     * @param messages the text a notification shows, read as its recipient
     */
    public static PushModule build(Database db, Settings settings, OutboundClient outbound, AccountStore accounts,
                                   MessageService messages, Clock clock, Lifecycle life) {
        String subject = settings.get(Keys.PUSH_VAPID_SUBJECT);
        if (subject.isEmpty()) { // RFC 8292 wants mailto: or https:, so an http public_url does not do
            subject = settings.get(Keys.PUBLIC_URL).startsWith("https://") ? settings.get(Keys.PUBLIC_URL) : "mailto:push@localhost";
        }
        Vapid vapid = Vapid.load(db, subject, clock);
        DeviceStore store = new DeviceStore(db);
        PushOutbox outbox = life.own("web push queue", new PushOutbox(db, store));
        PushSender sender = new PushSender(outbox, vapid, outbound, clock, new PushSender.Config(
                settings.get(Keys.PUSH_WORKERS), settings.get(Keys.PUSH_TTL), settings.get(Keys.PUSH_RETRY_BASE)));
        life.add("web push", sender::start, sender);
        boolean httpAllowed = settings.get(Keys.OUTBOUND_ALLOW_PRIVATE_ADDRESSES)
                || settings.get(Keys.AUTOMATION_ALLOW_PRIVATE_WEBHOOKS);
        Devices devices = new Devices(store, outbound, httpAllowed,
                id -> accounts.byId(id).flatMap(Account::appId), clock);
        return new PushModule(devices, new WebPushSink(store, outbox, content(accounts, messages), sender::wake, clock),
                vapid);
    }

    private static WebPushSink.Content content(AccountStore accounts, MessageService messages) {
        return new WebPushSink.Content() {
            @Override
            public Optional<String> text(String viewerId, String messageId) {
                try {
                    MessageView m = messages.get(viewerId, messageId);
                    return m.deleted() ? Optional.empty() : Optional.of(m.text());
                } catch (ApiException notVisible) {
                    return Optional.empty();
                }
            }

            @Override
            public String displayName(String accountId) {
                return accounts.byId(accountId).map(Account::displayName).orElse("Someone");
            }
        };
    }

    /** Registering devices, and the FCM/APNs tokens an app's notification events hand to the app. */
    public Devices devices() {
        return devices;
    }

    /** Hears the notification decision's verdicts: one Web Push per Web Push device of the person. */
    public NotificationSink sink() {
        return sink;
    }

    public Routes routes(Authenticator auth) {
        return new PushRoutes(auth, devices, vapid);
    }
}
