package dev.parley.policy;

import dev.parley.config.RuleProfile;
import dev.parley.http.ApiException;

/**
 * The one place that decides who may message whom, under the deployment's rule profile. Every
 * refusal names its rule ({@code blocked}, {@code like_required}, {@code not_followed},
 * {@code dms_closed}, {@code request_pending}, {@code group_full}) so a client can say what to do.
 */
public final class Policy {
    private final RuleProfile rules;
    private final Facts facts;

    public Policy(RuleProfile rules, Facts facts) {
        this.rules = rules;
        this.facts = facts;
    }

    public RuleProfile rules() {
        return rules;
    }

    /**
     * May {@code senderId} open a conversation with {@code recipientId} (or add them to a group)? An account that
     * blocked the sender is not found, as its profile and {@code dm-permission} are not: "You can't message @jon" told
     * the blocked one what the rest of the API hides. One the sender blocked is refused by name ({@code blocked}).
     */
    public Decision mayStart(String senderId, String recipientId) {
        Party recipient = facts.party(recipientId).orElseThrow(() -> ApiException.notFound("account: " + recipientId));
        requireUnblockedBy(recipientId, senderId);
        if (facts.blockedEitherWay(senderId, recipientId)) {
            return Decision.refuse("blocked", "You can't message @" + recipient.handle() + ".");
        }
        if (recipient.business()) {
            if (rules.businessLikeRequired() && !facts.likes(senderId, recipientId)
                    && !facts.party(senderId).map(Party::business).orElse(false)) {
                return Decision.refuse("like_required", "Like @" + recipient.handle() + " to message it.");
            }
            return Decision.inbox();
        }
        switch (recipient.dmPolicy()) {
            case "nobody":
                return Decision.refuse("dms_closed", "@" + recipient.handle() + " doesn't take messages.");
            case "everyone":
                return Decision.inbox();
            default:
                if (facts.follows(recipientId, senderId)) {
                    return Decision.inbox();
                }
                if (rules.messageRequests()) {
                    return Decision.request("@" + recipient.handle()
                            + " doesn't follow you, so your message will arrive as a request.");
                }
                return Decision.refuse("not_followed",
                        "@" + recipient.handle() + " only takes messages from accounts they follow.");
        }
    }

    /**
     * An account that blocked {@code actorId} is not found by them: the 404 of an unknown id, word
     * for word ({@code conversation/Opening}'s), wherever they look it up, an existing conversation
     * with it included, so no answer tells them of the block.
     */
    public void requireUnblockedBy(String accountId, String actorId) {
        if (facts.hasBlocked(accountId, actorId)) {
            throw ApiException.notFound("account: " + accountId);
        }
    }

    /**
     * May the sender post in a direct conversation? Open conversations need only that neither
     * side blocked the other; a pending request holds a limited number of messages.
     *
     * @param recipientFolder the other member's folder: inbox, requests or declined
     * @param sentBySender    messages the sender has already put in this conversation
     */
    public Decision mayPostDirect(String senderId, String recipientId, String recipientFolder, long sentBySender) {
        Decision reach = mayReach(senderId, recipientId);
        if (!reach.allowed()) {
            return reach;
        }
        if (!Decision.INBOX.equals(recipientFolder) && sentBySender >= rules.requestMessageLimit()) {
            return Decision.refuse("request_pending", "Your message request hasn't been accepted yet; "
                    + "you can send more once it is.");
        }
        return Decision.INBOX.equals(recipientFolder) ? Decision.inbox() : Decision.request(null);
    }

    /**
     * May {@code actorId} do what reaches {@code otherId} beyond a send: react to their message, edit
     * a message in their direct conversation? A block either way refuses it exactly as it refuses a
     * send to them ({@code blocked}), since a reaction or an edited text reaches them as a message does.
     */
    public Decision mayReach(String actorId, String otherId) {
        if (facts.blockedEitherWay(actorId, otherId)) {
            String handle = facts.party(otherId).map(Party::handle).orElse("them");
            return Decision.refuse("blocked", "You can't message @" + handle + ".");
        }
        return Decision.inbox();
    }

    /** A group of {@code members} (creator included) fits the profile's cap, or 422 group_full. */
    public void checkGroupSize(int members) {
        if (members > rules.groupMaxMembers()) {
            throw Decision.refuse("group_full", "A group holds at most " + rules.groupMaxMembers()
                    + " members, you included; this would make " + members + ".").toException();
        }
    }
}
