package dev.parley.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.List;

/**
 * The rules of one social network, as values: who may start a DM, whether strangers land in
 * message requests, how big a group may be, how long a message can be edited or unsent.
 * {@code policy} applies them; nothing else should branch on the profile's name.
 *
 * @param groupMaxMembers         members of a group, the creator included
 * @param messageRequests         a first message that the recipient's settings would refuse lands in
 *                                their requests folder instead of being refused
 * @param requestMessageLimit     how many messages the sender of a pending request may send before
 *                                it is accepted
 * @param businessLikeRequired    a person must like a business page before messaging it
 * @param editWindow              how long after sending a message can be edited
 * @param unsendWindow            how long after sending a message can be unsent; empty: always
 * @param businessReplyWindow     how long after a customer's last message a business may answer
 * @param humanAgentReplyWindow   the same for a reply written by a human agent
 */
public record RuleProfile(
        String name,
        int groupMaxMembers,
        boolean messageRequests,
        int requestMessageLimit,
        boolean businessLikeRequired,
        Duration editWindow,
        Optional<Duration> unsendWindow,
        Duration businessReplyWindow,
        Duration humanAgentReplyWindow) {

    public static final List<String> NAMES = List.of("default", "x", "instagram", "facebook");

    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration WEEK = Duration.ofDays(7);

    private static final Map<String, RuleProfile> BUILT_IN = Map.of(
            "default", new RuleProfile("default", 50, true, 1, true, FIFTEEN_MINUTES,
                    Optional.of(DAY), DAY, WEEK),
            "x", new RuleProfile("x", 50, false, 1, false, FIFTEEN_MINUTES,
                    Optional.empty(), DAY, WEEK),
            "instagram", new RuleProfile("instagram", 15, true, 1, false, FIFTEEN_MINUTES,
                    Optional.empty(), DAY, WEEK),
            "facebook", new RuleProfile("facebook", 250, true, 1, true, FIFTEEN_MINUTES,
                    Optional.empty(), DAY, WEEK));

    public static Optional<RuleProfile> named(String name) {
        return Optional.ofNullable(BUILT_IN.get(name));
    }

    public RuleProfile withGroupMaxMembers(int v) {
        return new RuleProfile(name, v, messageRequests, requestMessageLimit, businessLikeRequired,
                editWindow, unsendWindow, businessReplyWindow, humanAgentReplyWindow);
    }

    public RuleProfile withMessageRequests(boolean v) {
        return new RuleProfile(name, groupMaxMembers, v, requestMessageLimit, businessLikeRequired,
                editWindow, unsendWindow, businessReplyWindow, humanAgentReplyWindow);
    }

    public RuleProfile withRequestMessageLimit(int v) {
        return new RuleProfile(name, groupMaxMembers, messageRequests, v, businessLikeRequired,
                editWindow, unsendWindow, businessReplyWindow, humanAgentReplyWindow);
    }

    public RuleProfile withBusinessLikeRequired(boolean v) {
        return new RuleProfile(name, groupMaxMembers, messageRequests, requestMessageLimit, v,
                editWindow, unsendWindow, businessReplyWindow, humanAgentReplyWindow);
    }

    public RuleProfile withEditWindow(Duration v) {
        return new RuleProfile(name, groupMaxMembers, messageRequests, requestMessageLimit,
                businessLikeRequired, v, unsendWindow, businessReplyWindow, humanAgentReplyWindow);
    }

    public RuleProfile withUnsendWindow(Optional<Duration> v) {
        return new RuleProfile(name, groupMaxMembers, messageRequests, requestMessageLimit,
                businessLikeRequired, editWindow, v, businessReplyWindow, humanAgentReplyWindow);
    }

    public RuleProfile withBusinessReplyWindow(Duration v) {
        return new RuleProfile(name, groupMaxMembers, messageRequests, requestMessageLimit,
                businessLikeRequired, editWindow, unsendWindow, v, humanAgentReplyWindow);
    }

    public RuleProfile withHumanAgentReplyWindow(Duration v) {
        return new RuleProfile(name, groupMaxMembers, messageRequests, requestMessageLimit,
                businessLikeRequired, editWindow, unsendWindow, businessReplyWindow, v);
    }
}
