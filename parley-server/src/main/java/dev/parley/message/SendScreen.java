package dev.parley.message;

import java.util.ArrayList;
import java.util.List;

/**
 * What a message's text and sender must pass beyond the DM policy and the business rules: the
 * moderators' shadow bans and the node's filters. A screen refuses by throwing
 * {@link dev.parley.http.ApiException}; otherwise its {@link Verdict} says whether the message is
 * shown to its sender only, and what to do once it is stored (a filter's flag opens a report).
 * Runs on every send and edit by a person or an agent, so an implementation answers from memory.
 */
@FunctionalInterface
public interface SendScreen {
    /**
     * @param automated written by automation (a bot, an automatic reply): screened for nothing
     * @throws dev.parley.http.ApiException to refuse the send
     */
    Verdict screen(String senderId, String agentId, boolean automated, String text);

    /** Work for after the commit, handed the stored message's id. */
    @FunctionalInterface
    interface AfterSent {
        void sent(String messageId);
    }

    /**
     * @param shadowed the message reaches no one but its sender
     * @param after    run once the message is stored (not for a retry)
     */
    record Verdict(boolean shadowed, List<AfterSent> after) {
        public static final Verdict DELIVER = new Verdict(false, List.of());

        public Verdict {
            after = List.copyOf(after);
        }

        Verdict and(Verdict other) {
            if (other.equals(DELIVER)) {
                return this;
            }
            List<AfterSent> both = new ArrayList<>(after);
            both.addAll(other.after());
            return new Verdict(shadowed || other.shadowed(), both);
        }

        void sent(String messageId) {
            after.forEach(a -> a.sent(messageId));
        }
    }

    SendScreen NONE = (senderId, agentId, automated, text) -> Verdict.DELIVER;

    /** Each screen in order; the first refusal wins, and the verdicts add up. */
    static SendScreen all(List<SendScreen> screens) {
        List<SendScreen> copy = List.copyOf(screens);
        return (senderId, agentId, automated, text) -> {
            Verdict v = Verdict.DELIVER;
            for (SendScreen s : copy) {
                v = v.and(s.screen(senderId, agentId, automated, text));
            }
            return v;
        };
    }
}
