package dev.parley.notify;

/**
 * Hears the notification decision's verdicts: the app events feed turns them into
 * {@code notification.needed} events, Web Push into one push per device. A sink must queue its
 * work durably and return; it is called at least once per verdict (see {@link NotificationNeeded}).
 */
@FunctionalInterface
public interface NotificationSink {
    void notificationNeeded(NotificationNeeded verdict);
}
