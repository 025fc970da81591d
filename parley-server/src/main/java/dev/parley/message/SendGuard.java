package dev.parley.message;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.Member;
import dev.parley.media.AttachmentView;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Rules a send must pass beyond membership and the DM policy (the business rules implement it).
 * The check runs before the send joins a group commit ({@link SendCheck}), outside any write
 * transaction: a refusal means the send is never queued, and two sends checked at the same moment
 * may both pass a count the other would have tipped. What the approval records runs later, inside
 * the batch's transaction, and commits with the message (or rolls back with it).
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

    /**
     * The same check for a send with attachments, for rules that weigh the files (a channel's
     * network takes only some types and sizes); by default the files do not matter.
     *
     * @param files the uploads the send attaches, in order (empty for text only)
     */
    default Approval check(String senderId, String agentId, boolean automated, Conversation c, List<Member> members,
                           String text, List<AttachmentView> files, Instant now) {
        return check(senderId, agentId, automated, c, members, text, now);
    }

    /**
     * Whether the sender may edit or unsend a message already sent, beyond the sender's own windows
     * (a network a reply went to may not allow it). Runs inside the change's transaction, so what
     * it records commits with the change or not at all; throw an {@link dev.parley.http.ApiException}
     * to refuse.
     *
     * @param edited the new text of an edit; null for an unsend
     */
    default void changing(Handle h, Message m, String edited, Instant now) {
    }

    /** Bookkeeping for an approved send, run in the transaction that stores the message. */
    @FunctionalInterface
    interface Approval {
        void recordSent(Handle h, Message m);

        Approval NOTHING = (h, m) -> { };
    }

    SendGuard NONE = (senderId, agentId, automated, c, members, text, now) -> Approval.NOTHING;
}
