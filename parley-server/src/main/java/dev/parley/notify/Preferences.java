package dev.parley.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * An account's notification preferences (issue 17 point 3).
 *
 * @param level      {@code all}, {@code mentions} (1:1 messages, replies to the account and
 *                   {@code @handle} mentions) or {@code none}
 * @param showText   whether a notification may show the message's text
 * @param quietHours when nothing is notified, or null
 */
public record Preferences(String level, boolean showText, QuietHours quietHours) {
    public static final String ALL = "all";
    public static final String MENTIONS = "mentions";
    public static final String NONE = "none";
    static final Set<String> LEVELS = Set.of(ALL, MENTIONS, NONE);

    /** What an account that never chose has. */
    public static final Preferences DEFAULT = new Preferences(ALL, true, null);

    /** Whether quiet hours hold at {@code now}. */
    boolean quietAt(Instant now) {
        return quietHours != null && quietHours.contains(now);
    }

    /**
     * Local times in a time zone; {@code start} to {@code end} may run over midnight (22:00 to
     * 07:00). The start is in, the end is out.
     */
    public record QuietHours(LocalTime start, LocalTime end, ZoneId timeZone) {
        @JsonIgnore
        public boolean contains(Instant now) {
            LocalTime t = now.atZone(timeZone).toLocalTime();
            return start.isBefore(end)
                    ? !t.isBefore(start) && t.isBefore(end)
                    : !t.isBefore(start) || t.isBefore(end);
        }
    }
}
