package dev.parley.appevents;

import dev.parley.appevents.AppUsersDirectory.AppUser;
import dev.parley.notify.NotificationNeeded;
import dev.parley.notify.NotificationSink;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Appends the app events that do not come from a transaction's events: {@code notification.needed}
 * (as the notification decision's sink) and {@code user.reported} (for the trust-and-safety
 * feature). Each is written durably in its own transaction before the call returns, once: a
 * repeated call with the same key appends nothing.
 */
public final class AppEventPublisher implements NotificationSink {
    private final Database db;
    private final AppEventStore store;
    private final AppUsersDirectory directory;
    private final Consumer<String> appended;

    /** @param appended told the app id after each append (wakes long-polls and the webhook) */
    AppEventPublisher(Database db, AppEventStore store, AppUsersDirectory directory, Consumer<String> appended) {
        this.db = db;
        this.store = store;
        this.directory = directory;
        this.appended = appended;
    }

    /**
     * A {@code notification.needed} event for an app's user, once per (account, conversation,
     * message); nothing for an account of no app. {@code devices} is empty: see the other overload.
     */
    @Override
    public void notificationNeeded(NotificationNeeded v) {
        notificationNeeded(v, account -> List.of());
    }

    /**
     * As above, carrying the user's FCM/APNs tokens ({@code kind}, {@code token}) for the app's own
     * push; {@code devices} is asked only for an app's user.
     */
    public void notificationNeeded(NotificationNeeded v, Function<String, List<Map<String, String>>> devices) {
        if (v.actingFor() != null) {
            // An agent's verdict for a business's customer conversation: the feed's notification.needed
            // is about the user's own conversations (counts, membership), so it goes to Web Push only.
            return;
        }
        Optional<AppUser> user = user(v.accountId());
        if (user.isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("external_id", user.get().externalId());
        body.put("conversation_id", v.conversationId());
        body.put("message_id", v.messageId());
        body.put("kind", v.kind());
        body.put("unread", v.unread());
        body.put("total_unread", v.totalUnread());
        body.put("devices", devices.apply(v.accountId()));
        String dedupe = "n|" + v.accountId() + "|" + v.conversationId() + "|" + v.messageId();
        append(user.get().appId(), AppEventTypes.NOTIFICATION_NEEDED, v.at(), dedupe, body);
    }

    /**
     * A {@code user.reported} event for the reporter's app, once per {@code reportId}; the reported
     * account is named only if it belongs to the same app. Nothing for a reporter of no app.
     *
     * @param conversationId the conversation the report is about, or null
     * @param messageId      the message reported, or null
     * @param reason         the reporter's category (the trust-and-safety feature defines them)
     */
    public void userReported(String reportId, String reporterId, String reportedId, String conversationId,
                             String messageId, String reason, Instant at) {
        Optional<AppUser> reporter = user(reporterId);
        if (reporter.isEmpty()) {
            return;
        }
        Optional<AppUser> reported = user(reportedId).filter(u -> u.appId().equals(reporter.get().appId()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report_id", reportId);
        body.put("reporter", reporter.get().externalId());
        body.put("reported", reported.map(AppUser::externalId).orElse(null));
        body.put("conversation_id", conversationId);
        body.put("message_id", messageId);
        body.put("reason", reason);
        append(reporter.get().appId(), AppEventTypes.USER_REPORTED, at, "r|" + reportId, body);
    }

    /**
     * A {@code user.erased} event on the app's feed once an erasure of its user is done, once per
     * {@code erasureId}. The user's account no longer names its external id by then, so the
     * caller passes the app and the id it kept.
     */
    public void userErased(String appId, String externalId, String accountId, String erasureId, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("external_id", externalId);
        body.put("account_id", accountId);
        body.put("erasure_id", erasureId);
        append(appId, AppEventTypes.USER_ERASED, at, "e|" + erasureId, body);
    }

    private Optional<AppUser> user(String accountId) {
        if (accountId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(db.read(h -> directory.resolve(h, List.of(accountId))).get(accountId));
    }

    private void append(String appId, String type, Instant at, String dedupe, Map<String, Object> body) {
        if (store.appendOnce(appId, type, at, dedupe, dev.parley.http.Json.write(body))) {
            appended.accept(appId);
        }
    }
}
