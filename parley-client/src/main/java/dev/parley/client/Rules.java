package dev.parley.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The deployment's rule profile in force.
 *
 * @param groupMaxMembers     the group cap, the creator included
 * @param unsendWindowSeconds null when messages can always be unsent
 */
public record Rules(String profile, int groupMaxMembers, boolean messageRequests, int requestMessageLimit,
                    boolean businessLikeRequired, long editWindowSeconds, Long unsendWindowSeconds,
                    long businessReplyWindowSeconds, long humanAgentReplyWindowSeconds) {

    public Duration editWindow() {
        return Duration.ofSeconds(editWindowSeconds);
    }

    /** Empty when messages can always be unsent. */
    public Optional<Duration> unsendWindow() {
        return Optional.ofNullable(unsendWindowSeconds).map(Duration::ofSeconds);
    }
}
