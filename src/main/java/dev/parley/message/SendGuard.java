package dev.parley.message;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.Member;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Rules a send must pass beyond membership and the DM policy (the business rules implement it).
 * Both steps run inside the send's transaction: a refusal rolls the message back, and what the
 * approval records commits with the message.
 */
public interface SendGuard {
    /**
     * @param agentId   the person writing for a business, else null
     * @param automated written by automation (a bot, an integration), not a person
     * @return what to record once the message is stored
     * @throws dev.parley.http.ApiException to refuse
     */
    Approval check(String senderId, String agentId, boolean automated, Conversation c, List<Member> members,
                   String text, Instant now);

    /** Bookkeeping for an approved send, in its transaction. */
    @FunctionalInterface
    interface Approval {
        void recordSent(Handle h, Message m);

        Approval NOTHING = (h, m) -> { };
    }

    SendGuard NONE = (senderId, agentId, automated, c, members, text, now) -> Approval.NOTHING;
}
