package dev.parley.testing;

import dev.parley.notify.NotificationNeeded;
import dev.parley.notify.NotificationSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A notification sink that records every verdict, for tests to look at. */
public final class Verdicts implements NotificationSink {
    private final List<NotificationNeeded> heard = new CopyOnWriteArrayList<>();

    @Override
    public void notificationNeeded(NotificationNeeded verdict) {
        heard.add(verdict);
    }

    /** The verdicts so far for this account in this conversation. */
    public List<NotificationNeeded> of(String accountId, String conversationId) {
        return heard.stream()
                .filter(v -> v.accountId().equals(accountId) && v.conversationId().equals(conversationId)).toList();
    }

    /** Waits for the first verdict for this account in this conversation. */
    public NotificationNeeded await(String accountId, String conversationId, Duration timeout) {
        return Eventually.await("a notification for " + accountId + " in " + conversationId, timeout,
                () -> of(accountId, conversationId), l -> !l.isEmpty()).get(0);
    }

    public List<NotificationNeeded> all() {
        return List.copyOf(heard);
    }
}
